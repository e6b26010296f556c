import time

import pytest

from portal.accounts.reset import reset_token, user_for_token
from portal.extensions import db
from tests.emails import emails_to, link_in_last_email
from tests.factories import PASSWORD


def _reset_link_for(client, email):
    client.post("/reset-password", data={"email": email})
    return link_in_last_email(email, "password_reset")


def test_reset_by_email_is_single_use(client, make):
    make.patient(email="chitra@example.com")
    link = _reset_link_for(client, "chitra@example.com")
    new = {"password": "a brand new sentence", "confirm_password": "a brand new sentence"}
    assert client.post(link, data=new).headers["Location"] == "/today"  # and signed in
    assert client.get("/today").status_code == 200
    client.post("/logout")
    ok = client.post("/login", data={"email": "chitra@example.com", "password": new["password"]})
    assert ok.status_code == 302
    client.post("/logout")
    again = client.post(link, data={**new, "password": "yet another sentence"})
    assert again.headers["Location"] == "/reset-password"  # used: the password changed


def test_reset_for_an_unknown_email_says_the_same_and_sends_no_link(client, make):
    unknown = client.post("/reset-password", data={"email": "nobody@example.com"})
    assert unknown.headers["Location"] == "/login"
    [email] = emails_to("nobody@example.com", "password_reset")
    assert "no account uses it" in email.body
    assert "/reset-password/" not in email.body


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


def _sends_session_cookie(client, response) -> bool:
    name = client.application.config["SESSION_COOKIE_NAME"]
    return any(cookie.startswith(f"{name}=") for cookie in response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize(("role", "url"), [("patient", "/account"), ("desk", "/desk/")])
def test_reading_a_page_does_not_send_the_session_cookie_again(client, make, login_as, role, url):
    login_as(getattr(make, role)())
    assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 200
    assert not _sends_session_cookie(client, response)


def test_staff_at_work_move_the_idle_clock_and_stay_logged_in(client, make, login_as, monkeypatch):
    login_as(make.desk())
    real = time.time
    for minutes in (20, 40, 60, 80):  # each request 20 minutes after the last
        monkeypatch.setattr(time, "time", lambda minutes=minutes: real() + minutes * 60)
        response = client.get("/desk/")
        assert response.status_code == 200, minutes
        assert _sends_session_cookie(client, response)  # the clock moved: a new cookie
