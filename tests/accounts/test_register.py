"""Registration answers "check your email"; the emailed link chooses the password, creates the
account, signs in and goes on to where the person was going."""

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.passwords import unusable_password
from portal.accounts.roles import Role
from portal.extensions import db
from tests.emails import emails_to, link_in_last_email

VALID = {
    "name": "Priya Menon",
    "email": "Priya.Menon@Example.com",
    "phone": "98450 12345",
    "privacy_consent": "y",
}
EMAIL = "priya.menon@example.com"
NEW_PASSWORD = {"password": "a long enough secret", "confirm_password": "a long enough secret"}


def _users():
    return db.session.scalars(select(User)).all()


def _register_and_confirm(client, url="/register", data=VALID, password=NEW_PASSWORD):
    assert client.post(url, data=data).status_code == 200
    return client.post(link_in_last_email(EMAIL, "sign_up"), data=password)


def test_register_page_has_a_visible_label_for_every_field(client):
    html = client.get("/register").get_data(as_text=True)
    for field in ("name", "email", "phone", "privacy_consent"):
        assert f'for="{field}"' in html


def test_registering_creates_nothing_until_the_emailed_link_is_followed(client):
    response = client.post("/register", data=VALID)
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    assert _users() == []
    [email] = emails_to(EMAIL, "sign_up")
    assert "choose a password" in email.body
    assert client.get("/today").status_code == 302  # not signed in yet


def test_the_link_asks_for_a_password_then_creates_the_account_and_signs_in(client):
    client.post("/register", data=VALID)
    link_page = client.get(link_in_last_email(EMAIL, "sign_up"))
    assert "Choose your password" in link_page.get_data(as_text=True)
    response = client.post(link_in_last_email(EMAIL, "sign_up"), data=NEW_PASSWORD)
    assert response.headers["Location"] == "/today"
    [user] = _users()
    assert user.email == EMAIL
    assert user.phone == "+919845012345"
    assert user.roles == {Role.PATIENT}
    assert user.patient_profile.privacy_consent_at is not None
    assert user.password_hash.startswith("$argon2id$")
    assert client.get("/today").status_code == 200


def test_the_link_works_once(client, app):
    _register_and_confirm(client)
    client.post("/logout")
    again = app.test_client().post(link_in_last_email(EMAIL, "sign_up"), data=NEW_PASSWORD)
    assert again.headers["Location"] == "/login"
    assert len(_users()) == 1


def test_a_tampered_or_expired_link_is_refused(client, monkeypatch):
    client.post("/register", data=VALID)
    link = link_in_last_email(EMAIL, "sign_up")
    token = link.rsplit("/", 1)[1]
    flipped = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    assert client.get(f"/register/confirm/{flipped}").headers["Location"] == "/login"
    import portal.accounts.signup as signup

    monkeypatch.setattr(signup, "LINK_LIFETIME", signup.LINK_LIFETIME * -1)
    assert client.get(link).headers["Location"] == "/login"


def test_a_patient_can_name_their_centre(client, make):
    centre = make.centre(make.city("Bengaluru"), "Koramangala", slug="blr-koramangala")
    _register_and_confirm(client, data={**VALID, "centre": "blr-koramangala"})
    [user] = _users()
    assert user.patient_profile.primary_centre_id == centre.id


def test_an_unknown_centre_is_refused(client):
    response = client.post("/register", data={**VALID, "centre": "nowhere"})
    assert response.status_code == 422
    assert emails_to(EMAIL) == []


def test_registration_follows_a_safe_next_after_confirming(client):
    response = _register_and_confirm(client, url="/register?next=/guide/BL23")
    assert response.headers["Location"] == "/guide/BL23"


def test_an_unsafe_next_is_dropped(client):
    response = _register_and_confirm(client, url="/register?next=https://evil.example/")
    assert response.headers["Location"] == "/today"


def test_an_existing_account_is_told_by_email_not_on_the_page(client, make):
    make.patient(email=EMAIL)
    response = client.post("/register", data=VALID)
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    [email] = emails_to(EMAIL, "sign_up")
    assert "you already have one" in email.body
    assert "/reset-password" in email.body and "/register/confirm" not in email.body
    assert len(_users()) == 1


def test_a_guest_the_desk_registered_gets_a_way_in_through_the_link(client, make):
    guest = make.patient(email=EMAIL, name="Priya M.")
    guest.password_hash = unusable_password()
    db.session.commit()
    response = _register_and_confirm(client)
    assert response.headers["Location"] == "/today"
    assert len(_users()) == 1
    db.session.refresh(guest)
    assert guest.can_log_in
    assert guest.name == "Priya M."  # the desk's record is kept as it was
    client.post("/logout")
    login = client.post("/login", data={"email": EMAIL, "password": NEW_PASSWORD["password"]})
    assert login.status_code == 302


def test_a_link_for_a_guest_stops_working_once_used(client, make, app):
    guest = make.patient(email=EMAIL)
    guest.password_hash = unusable_password()
    db.session.commit()
    _register_and_confirm(client)
    again = app.test_client().post(
        link_in_last_email(EMAIL, "sign_up"),
        data={"password": "someone else's sentence", "confirm_password": "someone else's sentence"},
    )
    assert again.headers["Location"] == "/login"
    login = {"email": EMAIL, "password": NEW_PASSWORD["password"]}
    assert app.test_client().post("/login", data=login).status_code == 302


def test_when_two_links_race_the_second_finds_the_account_made(client, make):
    client.post("/register", data=VALID)
    link = link_in_last_email(EMAIL, "sign_up")
    make.patient(email=EMAIL)  # the other link was followed meanwhile
    response = client.post(link, data=NEW_PASSWORD)
    assert response.headers["Location"] == "/login"
    assert len(_users()) == 1


def _refused(client, field, value, message):
    response = client.post("/register", data={**VALID, field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert emails_to(EMAIL) == []
    return html


def test_bad_phone_is_refused_and_other_fields_are_kept(client):
    html = _refused(client, "phone", "12345", "too short")
    assert 'value="Priya Menon"' in html
    assert 'value="Priya.Menon@Example.com"' in html
    assert 'value="12345"' in html
    assert 'id="phone-error"' in html and 'aria-invalid="true"' in html


def test_bad_email_is_refused(client):
    _refused(client, "email", "priya.example.com", "doesn&#39;t look like an email address")


def test_consent_is_required(client):
    data = {key: value for key, value in VALID.items() if key != "privacy_consent"}
    response = client.post("/register", data=data)
    assert response.status_code == 422
    assert "only create an account with your consent" in response.get_data(as_text=True)
    assert emails_to(EMAIL) == []


def _choose(client, password, again=None):
    client.post("/register", data=VALID)
    data = {"password": password, "confirm_password": password if again is None else again}
    response = client.post(link_in_last_email(EMAIL, "sign_up"), data=data)
    assert response.status_code == 422
    assert _users() == []
    return response.get_data(as_text=True)


def test_short_password_is_refused(client):
    assert "Use at least 10 characters." in _choose(client, "short")


def test_common_passwords_are_refused(client):
    assert "too common" in _choose(client, "password123")


def test_the_name_is_not_a_password(client):
    assert "your name or email" in _choose(client, "menon-is-great-2026")


def test_passwords_must_match(client):
    assert "not the same" in _choose(client, "a long enough secret", "something else entirely")


def test_passwords_are_never_echoed_back(client):
    assert "a long enough secret" not in _choose(client, "a long enough secret", "different")
