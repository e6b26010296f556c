from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.extensions import db

VALID = {
    "name": "Priya Menon",
    "email": "Priya.Menon@Example.com",
    "phone": "98450 12345",
    "password": "a long enough secret",
    "confirm_password": "a long enough secret",
    "privacy_consent": "y",
}


def _users():
    return db.session.scalars(select(User)).all()


def test_register_page_has_a_visible_label_for_every_field(client):
    html = client.get("/register").get_data(as_text=True)
    for field in ("name", "email", "phone", "password", "confirm_password", "privacy_consent"):
        assert f'for="{field}"' in html


def test_a_patient_registers_and_lands_on_today(client):
    response = client.post("/register", data=VALID)
    assert response.status_code == 302
    assert response.headers["Location"] == "/today"
    [user] = _users()
    assert user.email == "priya.menon@example.com"
    assert user.phone == "+919845012345"
    assert user.roles == {Role.PATIENT}
    assert user.patient_profile.privacy_consent_at is not None
    assert user.password_hash.startswith("$argon2id$")
    assert "a long enough secret" not in user.password_hash
    assert client.get("/today").status_code == 200


def test_a_patient_can_name_their_centre(client, make):
    centre = make.centre(make.city("Bengaluru"), "Koramangala", slug="blr-koramangala")
    client.post("/register", data={**VALID, "centre": "blr-koramangala"})
    [user] = _users()
    assert user.patient_profile.primary_centre_id == centre.id


def test_an_unknown_centre_is_refused(client):
    response = client.post("/register", data={**VALID, "centre": "nowhere"})
    assert response.status_code == 422
    assert _users() == []


def test_registration_follows_a_safe_next(client):
    response = client.post("/register?next=/guide/BL23", data=VALID)
    assert response.headers["Location"] == "/guide/BL23"


def test_email_is_unique_whatever_its_case(client, make):
    make.patient(email="priya.menon@example.com")
    response = client.post("/register", data=VALID)
    assert response.status_code == 422
    assert "already an account with this email" in response.get_data(as_text=True)
    assert len(_users()) == 1


def _refused(client, field, value, message):
    response = client.post("/register", data={**VALID, field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert _users() == []
    return html


def test_bad_phone_is_refused_and_other_fields_are_kept(client):
    html = _refused(client, "phone", "12345", "too short")
    assert 'value="Priya Menon"' in html
    assert 'value="Priya.Menon@Example.com"' in html
    assert 'value="12345"' in html
    assert 'id="phone-error"' in html and 'aria-invalid="true"' in html


def test_short_password_is_refused(client):
    _refused(client, "password", "short", "Use at least 10 characters.")


def test_passwords_must_match(client):
    _refused(client, "confirm_password", "something else entirely", "not the same")


def test_bad_email_is_refused(client):
    _refused(client, "email", "priya.example.com", "doesn&#39;t look like an email address")


def test_consent_is_required(client):
    data = {key: value for key, value in VALID.items() if key != "privacy_consent"}
    response = client.post("/register", data=data)
    assert response.status_code == 422
    assert "only create an account with your consent" in response.get_data(as_text=True)
    assert _users() == []


def test_passwords_are_never_echoed_back(client):
    html = _refused(client, "phone", "12345", "too short")
    assert "a long enough secret" not in html
