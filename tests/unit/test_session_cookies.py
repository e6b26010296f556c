"""The session cookie, read through RememberingSessionInterface: what Flask's own interface
reads, checked once per cookie, and refused where Flask's would refuse it."""

from datetime import timedelta

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from portal.security import session_cookies
from portal.security.session_cookies import RememberingSessionInterface

DATA = {"_user_id": "7:key", "csrf_token": "abc", "_flashes": [("info", "Saved.")]}


def make_app(secret: str = "s" * 32) -> Flask:
    app = Flask(__name__)
    app.secret_key = secret
    app.permanent_session_lifetime = timedelta(hours=12)
    app.session_interface = RememberingSessionInterface()
    return app


def cookie_for(app: Flask, data: dict) -> str:
    """Signed as Flask signs it."""
    return SecureCookieSessionInterface().get_signing_serializer(app).dumps(data)


def opened(app: Flask, cookie: str) -> dict:
    with app.test_request_context("/", headers={"Cookie": f"session={cookie}"}) as context:
        return context.session


@pytest.fixture
def clock(monkeypatch):
    """The interface's clock, moved by the test (seconds since the epoch)."""
    now = [session_cookies.time.time()]
    monkeypatch.setattr(session_cookies, "time", type("Clock", (), {"time": lambda: now[0]}))
    return now


def test_a_cookie_reads_as_flask_reads_it_every_time():
    app = make_app()
    cookie = cookie_for(app, DATA)
    first, second = opened(app, cookie), opened(app, cookie)
    expected = SecureCookieSessionInterface().open_session(
        app, app.test_request_context(headers={"Cookie": f"session={cookie}"}).request
    )
    assert dict(first) == dict(second) == dict(expected)
    first["_flashes"].append(("info", "Changed."))  # each request changes its own session
    assert opened(app, cookie)["_flashes"] == [("info", "Saved.")] != first["_flashes"]


def test_a_tampered_cookie_opens_an_empty_session():
    app = make_app()
    cookie = cookie_for(app, DATA)
    assert dict(opened(app, cookie)) == dict(opened(app, cookie))  # checked, and remembered
    payload, timestamp, signature = cookie.rsplit(".", 2)
    forged = f"{payload}.{timestamp}.{signature[:-2]}AA"
    assert dict(opened(app, forged)) == {}


def test_another_secret_refuses_a_cookie_this_one_accepted():
    ours, theirs = make_app("ours" * 8), make_app("theirs" * 8)
    theirs.session_interface = ours.session_interface  # one interface: one memory
    cookie = cookie_for(ours, DATA)
    assert opened(ours, cookie)["_user_id"] == "7:key"
    assert dict(opened(theirs, cookie)) == {}


def test_a_remembered_cookie_expires_with_the_session_lifetime(clock):
    app = make_app()
    cookie = cookie_for(app, DATA)
    assert opened(app, cookie)["_user_id"] == "7:key"
    clock[0] += 12 * 3600 - 5
    assert opened(app, cookie)["_user_id"] == "7:key"
    clock[0] += 10
    assert dict(opened(app, cookie)) == {}
