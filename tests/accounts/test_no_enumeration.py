"""Login, password reset and registration answer the same, after the same work, whether or not
an account uses the email: same status and page, one password verification, the same SQL."""

import re
from contextlib import contextmanager

import pytest
from argon2 import PasswordHasher

from portal.accounts.passwords import unusable_password
from portal.extensions import db
from tests.factories import PASSWORD
from tests.test_query_counts import counted_statements

KNOWN = "known@example.com"
UNKNOWN = "nobody@example.com"  # the same length, so pages compare character for character
WRONG = "not the password at all"


@pytest.fixture
def verifications(monkeypatch):
    counted = []
    real = PasswordHasher.verify

    def verify(self, hash_, password):
        counted.append(hash_)
        return real(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", verify)
    return counted


CSRF_TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')


@contextmanager
def measured(verifications):
    db.session.expire_all()
    verifications.clear()
    with counted_statements() as statements:
        work = {"statements": statements}
        yield work
    work["verifications"] = len(verifications)


def _answer(app, verifications, url, data, email):
    """What a visitor sees and what the server did, for one POST from a fresh browser."""
    client = app.test_client()
    with measured(verifications) as work:
        response = client.post(url, data={**data, "email": email})
    page = response.get_data(as_text=True).replace(email, "EMAIL")
    page = CSRF_TOKEN.sub('name="csrf_token" value="TOKEN"', page)  # random per fresh browser
    return {
        "status": response.status_code,
        "location": response.headers.get("Location"),
        "page": page,
        "statements": work["statements"],
        "verifications": work["verifications"],
    }


def _same(app, verifications, url, data):
    app.test_client().post(url, data={**data, "email": "warm@example.com"})  # caches filled
    known = _answer(app, verifications, url, data, KNOWN)
    unknown = _answer(app, verifications, url, data, UNKNOWN)
    assert known == unknown
    return known


def test_login_answers_the_same_for_a_wrong_password_and_an_unknown_email(app, make, verifications):
    make.patient(email=KNOWN)
    answer = _same(app, verifications, "/login", {"password": WRONG})
    assert answer["status"] == 422
    assert "paused sign-in from this browser" in answer["page"]
    assert answer["verifications"] == 1


def test_login_while_paused_answers_the_same_even_with_the_right_password(app, make, verifications):
    make.patient(email=KNOWN)
    attacker = app.test_client()
    for email in (KNOWN, UNKNOWN):
        for _ in range(5):
            attacker.post("/login", data={"email": email, "password": WRONG})
    answer = _same(app, verifications, "/login", {"password": PASSWORD})
    assert answer["status"] == 422
    assert answer["verifications"] == 1  # a decoy hash: a paused answer is not a fast one


def test_login_to_a_guest_account_answers_like_an_unknown_email(app, make, verifications):
    guest = make.patient(email=KNOWN)
    guest.password_hash = unusable_password()
    db.session.commit()
    assert _same(app, verifications, "/login", {"password": WRONG})["verifications"] == 1


def test_reset_answers_the_same_and_queues_one_email_either_way(app, make, verifications):
    make.patient(email=KNOWN)
    answer = _same(app, verifications, "/reset-password", {})
    assert answer["location"] == "/login"
    assert sum(s.startswith("INSERT INTO outgoing_emails") for s in answer["statements"]) == 1


@pytest.mark.parametrize("account", ["in use", "guest"])
def test_registration_answers_the_same_for_a_new_and_an_existing_email(
    app, make, verifications, account
):
    user = make.patient(email=KNOWN)
    if account == "guest":
        user.password_hash = unusable_password()
        db.session.commit()
    data = {"name": "Priya Menon", "phone": "98450 12345", "privacy_consent": "y"}
    answer = _same(app, verifications, "/register", data)
    assert answer["status"] == 200
    assert "Check your email" in answer["page"]
