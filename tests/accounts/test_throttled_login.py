"""Password guessing is slowed per email, known or not; the owner's browser, which signed in
before (its device cookie), is counted on its own and never paused by the attacker; a
completed password reset lets the owner in and lifts the pause."""

import threading
from datetime import timedelta

import pytest

import portal.accounts.services as services
from portal.accounts.devices import COOKIE
from portal.accounts.models import LoginThrottle
from portal.accounts.throttle import FREE_FAILURES, account_key
from portal.db_types import utcnow
from portal.extensions import db
from tests.emails import link_in_last_email
from tests.factories import PASSWORD

EMAIL = "asha@example.com"
WRONG = "a wrong guess"


@pytest.fixture
def owner(make):
    return make.patient(email=EMAIL)


def _login(client, password, email=EMAIL):
    return client.post("/login", data={"email": email, "password": password})


def _hammer(client, times=5, email=EMAIL):
    for _ in range(times):
        assert _login(client, WRONG, email).status_code == 422


def _owners_browser(app):
    """A browser the owner signed in on before (and logged out of): it has a device cookie."""
    browser = app.test_client()
    assert _login(browser, PASSWORD).status_code == 302
    browser.post("/logout")
    assert browser.get_cookie(COOKIE) is not None
    return browser


def test_an_attacker_without_a_device_cookie_is_paused_after_five_failures(app, owner):
    attacker = app.test_client()
    _hammer(attacker)
    assert _login(attacker, PASSWORD).status_code == 422  # even the right guess is refused


def test_the_pause_passes(app, owner, monkeypatch):
    attacker = app.test_client()
    _hammer(attacker)
    later = utcnow() + timedelta(minutes=2)
    monkeypatch.setattr(services, "utcnow", lambda: later)
    assert _login(attacker, PASSWORD).status_code == 302


def test_an_unknown_email_is_paused_just_the_same(app):
    attacker = app.test_client()
    _hammer(attacker, email="nobody@example.com")
    paused = _login(attacker, WRONG, "nobody@example.com")
    assert "paused sign-in" in paused.get_data(as_text=True)


def test_the_owner_signs_in_from_their_device_while_an_attacker_hammers(app, owner):
    browser = _owners_browser(app)
    attacker = app.test_client()
    _hammer(attacker, times=20)
    assert _login(browser, PASSWORD).status_code == 302
    assert browser.get("/today").status_code == 200
    assert _login(attacker, PASSWORD).status_code == 422  # the attacker is still paused


def test_failures_on_the_owners_device_pause_that_device_only(app, owner):
    browser = _owners_browser(app)
    _hammer(browser)
    assert _login(browser, PASSWORD).status_code == 422
    assert _login(app.test_client(), PASSWORD).status_code == 302


def test_a_device_cookie_helps_only_the_account_it_was_given_for(app, owner, make):
    make.patient(email="bala@example.com")
    browser = _owners_browser(app)  # Asha's device
    attacker = app.test_client()
    _hammer(attacker, email="bala@example.com")
    _copy = browser.get_cookie(COOKIE).value
    attacker.set_cookie(COOKIE, _copy)
    assert _login(attacker, PASSWORD, "bala@example.com").status_code == 422


def test_a_forged_device_cookie_counts_for_nothing(app, owner):
    attacker = app.test_client()
    _hammer(attacker)
    attacker.set_cookie(COOKIE, "eyJhY2NvdW50IjoiIn0.forged.signature")
    assert _login(attacker, PASSWORD).status_code == 422


def test_an_owner_on_a_new_device_gets_in_by_resetting_the_password(app, owner):
    _hammer(app.test_client())
    new_phone = app.test_client()
    new_phone.post("/reset-password", data={"email": EMAIL})
    new = {"password": "a fresh sentence of mine", "confirm_password": "a fresh sentence of mine"}
    response = new_phone.post(link_in_last_email(EMAIL, "password_reset"), data=new)
    assert response.headers["Location"] == "/today"
    assert new_phone.get("/today").status_code == 200
    # The reset lifted the pause on the email: any browser may sign in again.
    assert _login(app.test_client(), new["password"]).status_code == 302


def _fail_at_once(app, email, attempts):
    barrier = threading.Barrier(attempts, timeout=60)
    statuses = []

    def attempt():
        client = app.test_client()
        try:
            barrier.wait()
            statuses.append(_login(client, WRONG, email).status_code)
        except Exception as error:  # an unhandled error would be a 500 in production
            barrier.abort()
            statuses.append(repr(error))

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.mark.parametrize("email", [EMAIL, "nobody@example.com"])
def test_failures_arriving_at_once_are_each_counted_until_the_pause(app, owner, email):
    """Eight at once: the first five count (the first of them makes the row), the fifth
    pauses the email, and the three checked after it are not counted."""
    assert _fail_at_once(app, email, attempts=8) == [422] * 8
    db.session.rollback()  # end this test's read transaction: see what the requests wrote
    row = db.session.get(LoginThrottle, account_key(email))
    assert row.failures == FREE_FAILURES
