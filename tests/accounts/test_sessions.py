"""Sessions live on the server: logging out, a password change, a deactivation or an erasure
ends them there, so copies of the cookies taken earlier open nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import LoginSession
from portal.accounts.roles import Role
from portal.accounts.services import set_active
from portal.accounts.sessions import _load_user
from portal.db_types import utcnow
from portal.extensions import db
from portal.privacy.erasure import carry_out_due_erasures, request_erasure
from tests.factories import PASSWORD
from tests.test_query_counts import counted_statements


def _log_in(client, user, remember=False):
    data = {"email": user.email, "password": PASSWORD} | ({"remember": "y"} if remember else {})
    assert client.post("/login", data=data).status_code == 302


def _copy_cookies(source, target, names):
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, name
        target.set_cookie(name, cookie.value)


def test_a_session_cookie_copied_before_logout_is_refused_after(app, client, make):
    user = make.patient()
    _log_in(client, user)
    thief = app.test_client()
    _copy_cookies(client, thief, ["session"])
    assert thief.get("/account").status_code == 200  # the copy works while the session lives
    client.post("/logout")
    for url in ("/account", "/today"):
        assert thief.get(url).status_code == 302
        assert client.get(url).status_code == 302


def test_a_remember_cookie_copied_before_logout_is_refused_after(app, client, make):
    user = make.patient()
    _log_in(client, user, remember=True)
    thief = app.test_client()
    _copy_cookies(client, thief, ["remember_token"])  # no session cookie: the remember one alone
    assert thief.get("/today").status_code == 200
    thief.delete_cookie("session")
    client.post("/logout")
    assert thief.get("/today").status_code == 302
    assert thief.get("/account").status_code == 302


def test_logging_out_ends_only_this_device(app, client, make):
    user = make.patient()
    phone = app.test_client()
    _log_in(phone, user)
    _log_in(client, user)
    client.post("/logout")
    assert phone.get("/today").status_code == 200


def test_a_session_unused_for_two_weeks_ends_and_leaves_the_list(app, client, make):
    user = make.patient()
    _log_in(client, user, remember=True)
    login = db.session.scalar(select(LoginSession))
    login.last_seen_at = utcnow() - timedelta(days=15)
    db.session.commit()
    assert client.get("/today").status_code == 302
    phone = app.test_client()
    _log_in(phone, user)
    assert phone.get("/account").get_data(as_text=True).count("last active") == 1


def test_use_is_noted_every_few_minutes(client, make):
    user = make.patient()
    _log_in(client, user)
    login = db.session.scalar(select(LoginSession))
    long_ago = utcnow() - timedelta(minutes=6)
    login.last_seen_at = long_ago
    db.session.commit()
    client.get("/today")
    db.session.commit()  # the note is written on a connection of its own: read afresh
    db.session.refresh(login)
    assert login.last_seen_at > long_ago + timedelta(minutes=5)


def test_deactivating_an_account_ends_its_sessions_for_good(client, make):
    user = make.patient()
    _log_in(client, user)
    set_active(user, False)
    set_active(user, True)
    assert client.get("/today").status_code == 302


def test_an_erasure_ends_every_session(app, client, make):
    user = make.patient()
    _log_in(client, user)
    request_erasure(user, now=utcnow() - timedelta(days=3))
    carry_out_due_erasures()
    assert client.get("/account").status_code == 302
    assert db.session.scalars(select(LoginSession)).all() == []


def test_the_account_page_lists_devices_and_logs_out_everywhere(app, client, make):
    user = make.patient()
    phone = app.test_client()
    phone.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "remember": "y"},
        headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36"},
    )
    _log_in(client, user)
    html = client.get("/account").get_data(as_text=True)
    assert "Chrome on Android" in html
    assert "kept logged in" in html
    assert html.count("This device") == 1
    response = client.post("/account/sessions/end")
    assert response.headers["Location"] == "/"
    assert phone.get("/today").status_code == 302
    assert client.get("/today").status_code == 302
    assert db.session.scalars(select(LoginSession)).all() == []


def test_only_a_hash_of_the_session_key_is_stored(client, make):
    user = make.patient()
    _log_in(client, user)
    with client.session_transaction() as session:
        key = session["_user_id"].split(":")[1]
    login = db.session.scalar(select(LoginSession))
    assert key not in login.key_hash


def test_logging_out_deletes_the_remember_cookie_too(client, make):
    _log_in(client, make.patient(), remember=True)
    client.post("/logout")
    assert client.get_cookie("remember_token") is None


def _sign_in_statements(client, url: str) -> list[str]:
    db.session.expunge_all()  # as in production: nothing loaded before the request
    with counted_statements() as statements:
        assert client.get(url).status_code == 200
    return statements


@pytest.mark.parametrize(
    ("role", "url"),
    [("therapist", "/account"), ("desk", "/account"), ("admin", "/therapist/")],
)
def test_staff_are_read_with_where_they_work_in_one_statement(client, make, role, url):
    """Logging in leaves a hint in the session: the sign-in statement joins the workplace,
    and no statement of its own reads it (an admin's, none, is asked for their time zone)."""
    staff = getattr(make, role)()
    _log_in(client, staff)
    statements = _sign_in_statements(client, url)
    workplace = [s for s in statements if "therapist_profiles" in s or "desk_profiles" in s]
    assert len(workplace) == 1
    assert "login_sessions" in workplace[0]


def test_a_session_from_before_the_hint_still_finds_the_workplace(client, make):
    """An older cookie (or a role given since): the workplace costs a statement once, then
    rides on the sign-in again."""
    desk = make.desk()
    _log_in(client, desk)
    with client.session_transaction() as session:
        del session["placed"]
    first = _sign_in_statements(client, "/schedule")
    assert any("desk_profiles" in s and "login_sessions" not in s for s in first)
    again = _sign_in_statements(client, "/schedule")
    assert len(again) == len(first) - 1


def test_a_stale_hint_costs_nothing_but_two_empty_joins(client, make):
    """A hint left in a patient's session is harmless: no workplace, pages as before."""
    patient = make.patient()
    _log_in(client, patient)
    with client.session_transaction() as session:
        session["placed"] = True
    assert client.get("/today").status_code == 200
    assert client.get("/schedule").status_code == 403


def test_every_role_is_read_with_the_user_and_no_grant_on_its_own(client, make):
    """The roles ride on the sign-in statement as one column: a therapist who is also an
    admin may open both areas, and no statement reads role_grants by itself."""
    therapist = make.therapist()
    therapist.grant(Role.ADMIN)
    db.session.commit()
    _log_in(client, therapist)
    assert client.get("/therapist/messages").status_code == 200  # a therapist's alone
    assert client.get("/admin/staff").status_code == 200
    grants = [s for s in _sign_in_statements(client, "/account") if "role_grants" in s]
    assert len(grants) == 1 and "login_sessions" in grants[0]


def test_a_role_given_after_sign_in_counts_at_once(app, client, make):
    """The roles read at sign-in give way to the grants once these are loaded."""
    patient = make.patient()
    _log_in(client, patient)
    with client.session_transaction() as session:
        session_id = session["_user_id"]
    with app.test_request_context():
        user = _load_user(session_id)
        assert user is not None and user.roles == {Role.PATIENT}
        assert "role_grants" not in user.__dict__  # read as a column, not as objects
        user.grant(Role.DESK)
        assert user.roles == {Role.PATIENT, Role.DESK}
        db.session.rollback()
