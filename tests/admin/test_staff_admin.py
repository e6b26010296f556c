from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.reset import reset_token, user_for_token
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from tests.factories import PASSWORD

NEW_PASSWORD = "a sentence of my own choosing"


@pytest.fixture
def places(make):
    bengaluru, hyderabad = make.city("Bengaluru"), make.city("Hyderabad")
    return {
        "indiranagar": make.centre(bengaluru, "Indiranagar", slug="blr-indiranagar"),
        "bengaluru": bengaluru,
        "hyderabad": hyderabad,
    }


def _therapist_form(places, **fields):
    return {"role": "therapist", "name": "Dr. Priya Menon", "email": "Priya@Example.com",
            "phone": "98450 12399", "centre": str(places["indiranagar"].id),
            "does_home_visits": "y", **fields}  # fmt: skip


def _user(email: str) -> User | None:
    db.session.rollback()
    return db.session.scalar(select(User).where(User.email == email))


def _actions() -> list[str]:
    """What the audit log says admins did to staff accounts."""
    db.session.rollback()
    query = select(AuditEvent.action).where(AuditEvent.action.startswith("staff_"))
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def _set_password_link() -> str:
    mail = db.session.scalar(select(OutgoingEmail).where(OutgoingEmail.kind == "staff_welcome"))
    return mail.body.split("http://localhost")[1].split()[0]


def test_a_new_therapist_sets_their_own_password_from_an_emailed_link(
    app, client, make, login_as, places
):
    login_as(make.admin())
    response = client.post("/admin/staff/new", data=_therapist_form(places))
    assert response.headers["Location"] == "/admin/staff"
    priya = _user("priya@example.com")
    assert priya.roles == {Role.THERAPIST}
    assert priya.therapist_profile.centre_id == places["indiranagar"].id
    assert priya.therapist_profile.does_home_visits is True
    assert priya.phone == "+919845012399"
    assert "staff_created" in _actions()
    client.post("/logout")

    link = _set_password_link()
    new = {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    assert client.post(link, data=new).headers["Location"] == "/therapist/"  # signed in
    client.post("/logout")
    login = client.post("/login", data={"email": "priya@example.com", "password": NEW_PASSWORD})
    assert login.headers["Location"] == "/therapist/"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"centre": ""}, "centre", "Choose the centre they work for."),
        ({"role": "desk"}, "city", "Choose the city they work for."),
        ({"phone": "98450"}, "phone", "has 10 digits"),
        ({"email": "priya"}, "email", "look like an email address"),
        ({"name": ""}, "name", "tell us your name"),
    ],
)
def test_a_refused_staff_form_says_why_next_to_the_field_and_saves_nothing(
    client, make, login_as, places, changes, field, message
):
    login_as(make.admin())
    response = client.post("/admin/staff/new", data=_therapist_form(places, **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and message in html
    if field != "email":
        assert 'value="Priya@Example.com"' in html  # what was typed stays
    assert _user("priya@example.com") is None
    assert db.session.scalars(select(OutgoingEmail)).all() == []


def test_an_email_already_in_use_is_refused(client, make, login_as, places):
    make.patient(email="priya@example.com")
    login_as(make.admin())
    response = client.post("/admin/staff/new", data=_therapist_form(places))
    assert response.status_code == 422
    assert "An account already uses this email." in response.get_data(as_text=True)


def test_desk_staff_get_a_city_and_admins_edit_them(client, make, login_as, places):
    login_as(make.admin())
    client.post("/admin/staff/new", data={
        "role": "desk", "name": "Farah Ali", "email": "farah@example.com",
        "city": str(places["bengaluru"].id),
    })  # fmt: skip
    farah = _user("farah@example.com")
    assert farah.desk_profile.city_id == places["bengaluru"].id
    response = client.post(f"/admin/staff/{farah.id}", data={
        "name": "Farah Ali Khan", "email": "farah@example.com",
        "city": str(places["hyderabad"].id),
    })  # fmt: skip
    assert response.status_code == 302
    farah = _user("farah@example.com")
    assert (farah.name, farah.desk_profile.city_id) == ("Farah Ali Khan", places["hyderabad"].id)
    assert farah.roles == {Role.DESK}  # the role stays what it was
    assert _actions()[-2:] == ["staff_created", "staff_updated"]


def test_deactivating_ends_every_session_and_reactivating_does_not_revive_them(
    app, client, make, login_as, places
):
    therapist = make.therapist(places["indiranagar"], email="arjun@example.com")
    their_phone = app.test_client()
    their_phone.post("/login", data={"email": "arjun@example.com", "password": PASSWORD})
    assert their_phone.get("/therapist/").status_code == 200

    login_as(make.admin())
    client.post(f"/admin/staff/{therapist.id}/active", data={"active": "no"})
    assert their_phone.get("/therapist/").headers["Location"].startswith("/login")
    refused = their_phone.post("/login", data={"email": "arjun@example.com", "password": PASSWORD})
    assert refused.status_code == 422

    stale = app.test_client()
    stale.post("/login", data={"email": "arjun@example.com", "password": PASSWORD})
    client.post(f"/admin/staff/{therapist.id}/active", data={"active": "yes"})
    assert _user("arjun@example.com").active is True
    assert their_phone.get("/therapist/").headers["Location"].startswith("/login")
    again = their_phone.post("/login", data={"email": "arjun@example.com", "password": PASSWORD})
    assert again.status_code == 302
    assert _actions()[-2:] == ["staff_deactivated", "staff_reactivated"]


def test_admin_accounts_are_not_edited_here(client, make, login_as):
    other_admin = make.admin()
    login_as(make.admin())
    assert client.get(f"/admin/staff/{other_admin.id}").status_code == 404
    deactivate = client.post(f"/admin/staff/{other_admin.id}/active", data={"active": "no"})
    assert deactivate.status_code == 404


def test_a_welcome_link_lasts_days_and_a_reset_link_an_hour(app, make, monkeypatch):
    user = make.therapist()
    two_days_ago = int((datetime.now(UTC) - timedelta(days=2)).timestamp())
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: two_days_ago)
    welcome, reset = reset_token(user, welcome=True), reset_token(user)
    monkeypatch.undo()
    assert user_for_token(welcome) == user
    assert user_for_token(reset) is None


def test_only_admins_manage_staff(client, make, login_as, places):
    therapist = make.therapist(places["indiranagar"])
    login_as(make.desk(places["bengaluru"]))
    assert client.get("/admin/staff").status_code == 403
    assert client.get(f"/admin/staff/{therapist.id}").status_code == 404
