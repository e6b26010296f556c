"""Rate limits on the forms that attract abuse: the next attempt gets a friendly 429 page."""

import uuid

import pytest
import redis

from portal.app import create_app
from portal.extensions import limiter
from tests.conftest import TEST_SETTINGS
from tests.factories import PASSWORD


@pytest.fixture
def limited_app(app, database_url, outbox_dir, request):
    """An app with rate limits on (the shared limiter is switched off again afterwards)."""
    storage = getattr(request, "param", "memory://")
    limited = create_app({
        **TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex,
        "MAIL_OUTBOX_DIR": outbox_dir,
    })  # fmt: skip
    yield limited
    limiter.enabled = False


def _exhaust(client, url, data, allowed):
    statuses = [client.post(url, data=data).status_code for _ in range(allowed)]
    assert 429 not in statuses
    return client.post(url, data=data)


def test_the_call_back_form_allows_ten_an_hour(limited_app):
    response = _exhaust(limited_app.test_client(), "/contact", {"name": "x"}, allowed=10)
    assert response.status_code == 429
    assert "Too many tries in a short time" in response.get_data(as_text=True)


def test_login_is_limited_per_account_from_any_address(limited_app):
    client = limited_app.test_client()
    for n in range(30):
        client.post("/login", data={"email": "target@example.com", "password": "guess"},
                    environ_base={"REMOTE_ADDR": f"10.0.{n}.1"})  # fmt: skip
    response = client.post("/login", data={"email": "target@example.com", "password": "x"},
                           environ_base={"REMOTE_ADDR": "10.9.9.9"})  # fmt: skip
    assert response.status_code == 429
    other = client.post("/login", data={"email": "someone@example.com", "password": "x"},
                        environ_base={"REMOTE_ADDR": "10.9.9.8"})  # fmt: skip
    assert other.status_code != 429


def test_the_owners_device_is_not_limited_by_attempts_on_their_account(limited_app, make):
    owner = make.patient(email="target@example.com")
    browser = limited_app.test_client()
    login = {"email": owner.email, "password": PASSWORD}
    assert browser.post("/login", data=login).status_code == 302
    browser.post("/logout")
    attacker = limited_app.test_client()
    for n in range(31):
        attacker.post("/login", data={**login, "password": "guess"},
                      environ_base={"REMOTE_ADDR": f"10.0.{n}.1"})  # fmt: skip
    refused = attacker.post("/login", data=login, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert refused.status_code == 429
    assert browser.post("/login", data=login).status_code == 302


def test_registration_and_reset_are_limited(limited_app):
    client = limited_app.test_client()
    assert _exhaust(client, "/register", {}, allowed=10).status_code == 429
    assert _exhaust(client, "/reset-password", {}, allowed=5).status_code == 429


@pytest.mark.parametrize("limited_app", ["redis://127.0.0.1:6379"], indirect=True)
def test_limits_are_shared_through_redis_when_configured(limited_app):
    redis.Redis.from_url("redis://127.0.0.1:6379").ping()  # CI has Redis; fail loudly if not
    response = _exhaust(limited_app.test_client(), "/home-visit", {}, allowed=10)
    assert response.status_code == 429


def test_messages_are_limited_per_sender_against_floods(limited_app, make):
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    patient = make.patient(centre=centre)
    plan = make.plan(patient, make.therapist(centre))
    flooder, other = limited_app.test_client(), limited_app.test_client()
    for client, person in ((flooder, patient), (other, make.patient(centre=centre))):
        client.post("/login", data={"email": person.email, "password": PASSWORD})
    url = f"/messages/{plan.id}"
    response = _exhaust(flooder, url, {"body": "Hello?"}, allowed=10)
    assert response.status_code == 429
    # Counted per sender, not per page: someone else's first message still goes through
    # (their own plan's thread would take it; this one is not theirs: 404, not 429).
    assert other.post(url, data={"body": "Hi"}).status_code == 404
