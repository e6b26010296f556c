import time

from sqlalchemy import select

from portal.accounts.reset import reset_token, user_for_token
from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from tests.factories import PASSWORD


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, make):
    user = make.patient(email="asha@example.com")
    for _ in range(5):
        client.post("/login", data={"email": "asha@example.com", "password": "wrong guess!"})
    response = client.post("/login", data={"email": "asha@example.com", "password": PASSWORD})
    assert response.status_code == 422
    assert "this account is locked until" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.failed_logins == 5
    assert user.locked_until is not None


def test_a_good_login_clears_the_failures(client, make):
    user = make.patient(email="bala@example.com")
    client.post("/login", data={"email": "bala@example.com", "password": "wrong guess!"})
    client.post("/login", data={"email": "bala@example.com", "password": PASSWORD})
    db.session.refresh(user)
    assert user.failed_logins == 0


def test_registration_refuses_common_passwords(client):
    response = client.post("/register", data={
        "name": "Ravi", "email": "ravi@example.com", "phone": "98450 12345",
        "password": "password123", "confirm_password": "password123", "privacy_consent": "y",
    })  # fmt: skip
    assert response.status_code == 422
    assert "too common" in response.get_data(as_text=True)


def _reset_link_for(client, email):
    client.post("/reset-password", data={"email": email})
    mail = db.session.scalar(select(OutgoingEmail).where(OutgoingEmail.kind == "password_reset"))
    return mail.body.split("http://localhost")[1].split()[0]


def test_reset_by_email_is_single_use(client, make):
    make.patient(email="chitra@example.com")
    link = _reset_link_for(client, "chitra@example.com")
    new = {"password": "a brand new sentence", "confirm_password": "a brand new sentence"}
    assert client.post(link, data=new).headers["Location"] == "/login"
    ok = client.post("/login", data={"email": "chitra@example.com", "password": new["password"]})
    assert ok.status_code == 302
    client.post("/logout")
    again = client.post(link, data={**new, "password": "yet another sentence"})
    assert again.headers["Location"] == "/reset-password"  # used: the password changed


def test_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client, make):
    known = client.post("/reset-password", data={"email": "nobody@example.com"})
    assert known.headers["Location"] == "/login"
    assert db.session.scalars(select(OutgoingEmail)).all() == []


def tampered(token: str) -> str:
    """The token with one character in the middle of its signature changed.

    Not the last characters: the final base64 character carries padding bits, so changing it
    can leave the signed bytes as they were (and `token[:-2] + "xx"` may even be the token).
    A character in the middle always encodes six bits of the signature.
    """
    payload, signature = token.rsplit(".", 1)
    middle = len(signature) // 2
    changed = "A" if signature[middle] != "A" else "B"
    return f"{payload}.{signature[:middle]}{changed}{signature[middle + 1 :]}"


def test_a_tampered_reset_token_never_verifies(make):
    user = make.patient(email="tamper@example.com")
    for attempt in range(500):
        user.password_hash = f"another hash {attempt}"  # a new fingerprint, so a new token
        token = reset_token(user)
        assert user_for_token(token) is user  # the untampered token works
        assert user_for_token(tampered(token)) is None, token


def test_expired_and_tampered_reset_links_are_refused(client, make, app, monkeypatch):
    user = make.patient(email="dev@example.com")
    token = reset_token(user)
    assert client.get(f"/reset-password/{tampered(token)}").headers["Location"] == "/reset-password"
    import portal.accounts.reset as reset

    monkeypatch.setattr(reset, "RESET_VALID_SECONDS", -1)
    monkeypatch.setattr(reset.user_for_token, "__defaults__", (-1,))
    assert client.get(f"/reset-password/{token}").headers["Location"] == "/reset-password"


def test_changing_the_password_logs_out_every_other_session(app, make, login_as, client):
    user = make.patient(email="esha@example.com")
    other_device = app.test_client()
    other_device.post("/login", data={"email": "esha@example.com", "password": PASSWORD})
    assert other_device.get("/today").status_code == 200
    login_as(user)
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "password": "a completely new one",
        "confirm_password": "a completely new one",
    })  # fmt: skip
    assert response.headers["Location"] == "/account"
    assert client.get("/today").status_code == 200  # this device stays in
    assert other_device.get("/today").status_code == 302  # the other is out


def test_a_wrong_current_password_changes_nothing(client, make, login_as):
    user = login_as(make.patient())
    hash_before = user.password_hash
    response = client.post("/account/password", data={
        "current_password": "not it at all", "password": "a completely new one",
        "confirm_password": "a completely new one",
    })  # fmt: skip
    assert response.status_code == 422
    db.session.refresh(user)
    assert user.password_hash == hash_before


def test_idle_staff_are_logged_out_after_30_minutes(client, make, login_as, monkeypatch):
    login_as(make.desk())
    assert client.get("/desk/").status_code == 200
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 31 * 60)
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_idle_patients_stay_logged_in(client, make, login_as, monkeypatch):
    login_as(make.patient())
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 31 * 60)
    assert client.get("/today").status_code == 200
