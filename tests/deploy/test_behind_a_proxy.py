"""ProxyFix by TRUSTED_PROXIES: with none, X-Forwarded-For is ignored (anyone can send it);
with one, the address nginx appended is the visitor's, for rate limits and the audit log."""

import uuid

import pytest
from flask import request
from sqlalchemy import select

from portal.app import create_app
from portal.audit.models import AuditEvent
from portal.extensions import db, limiter
from tests.conftest import TEST_SETTINGS

PROXY = {"REMOTE_ADDR": "10.0.0.2"}  # where nginx connects from


@pytest.fixture
def portal_behind(database_url, outbox_dir):
    """An app trusting `hops` proxies, with rate limits on (switched off again after)."""

    def make(hops: int):
        return create_app({
            **TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, "MAIL_OUTBOX_DIR": outbox_dir,
            "TRUSTED_PROXIES": hops, "RATELIMIT_ENABLED": True,
            "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex,
        })  # fmt: skip

    yield make
    limiter.enabled = False


def _call_back_requests_from(client, visitors: list[str]) -> list[int]:
    return [
        client.post("/contact", data={"name": "x"}, environ_base=PROXY,
                    headers={"X-Forwarded-For": visitor}).status_code
        for visitor in visitors
    ]  # fmt: skip


def test_without_a_trusted_proxy_forwarded_addresses_share_the_senders_limit(app, portal_behind):
    client = portal_behind(0).test_client()
    statuses = _call_back_requests_from(client, [f"203.0.113.{n}" for n in range(11)])
    assert 429 not in statuses[:10]
    assert statuses[10] == 429  # ten an hour, counted for 10.0.0.2 whatever the header says


def test_behind_one_trusted_proxy_each_visitor_has_their_own_limit(app, portal_behind):
    client = portal_behind(1).test_client()
    visitors = [f"203.0.113.{n}" for n in range(11)]
    assert 429 not in _call_back_requests_from(client, visitors)
    # and one visitor is still limited: the header does not make everyone new
    assert _call_back_requests_from(client, ["198.51.100.9"] * 11)[10] == 429


def test_behind_one_proxy_only_the_address_it_appended_counts(app, portal_behind):
    # A visitor who sends their own X-Forwarded-For cannot choose their address: nginx
    # appends the real one and ProxyFix takes the last (the one the trusted proxy wrote).
    client = portal_behind(1).test_client()
    forged = [f"1.2.3.{n}, 198.51.100.7" for n in range(11)]
    assert _call_back_requests_from(client, forged)[10] == 429


@pytest.mark.parametrize(("hops", "recorded"), [(0, "10.0.0.2"), (1, "203.0.113.5")])
def test_the_audit_log_records_the_visitors_address(app, portal_behind, make, hops, recorded):
    make.patient(email="asha@example.com")
    portal_behind(hops).test_client().post(
        "/login", data={"email": "asha@example.com", "password": "wrong one!"},
        environ_base=PROXY, headers={"X-Forwarded-For": "203.0.113.5"},
    )  # fmt: skip
    addresses = db.session.scalars(select(AuditEvent.ip)).all()
    assert addresses and set(addresses) == {recorded}


@pytest.mark.parametrize(("hops", "seen"), [(0, "http://10.0.0.2"), (1, "https://203.0.113.5")])
def test_the_proxys_scheme_and_address_are_believed_only_when_trusted(app, portal_behind, hops,
                                                                        seen):  # fmt: skip
    portal = portal_behind(hops)
    portal.add_url_rule("/_seen", "seen", lambda: f"{request.scheme}://{request.remote_addr}")
    response = portal.test_client().get("/_seen", environ_base=PROXY, headers={
        "X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https"})  # fmt: skip
    assert response.get_data(as_text=True) == seen
