"""A session's signed form token is made once a minute, not on every page
(portal/security/form_tokens.py), and stays that session's own."""

import re
from unittest import mock

import pytest
from itsdangerous import URLSafeTimedSerializer

from portal.security import form_tokens

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def clock(monkeypatch):
    """The reuse window's clock, moved by the test (seconds)."""
    now = [1000.0]
    monkeypatch.setattr(form_tokens, "monotonic", lambda: now[0])
    return now


def page_token(client) -> str:
    return TOKEN.search(client.get("/privacy").get_data(as_text=True)).group(1)


def signing(client) -> tuple[str, int]:
    """A page's token, and how many times the request signed one."""
    with mock.patch(
        "flask_wtf.csrf.URLSafeTimedSerializer", wraps=URLSafeTimedSerializer
    ) as serializer:
        token = page_token(client)
    return token, serializer.call_count


def logged_in_client(app, make, patient_email: str):
    client = app.test_client()
    patient = make.patient(email=patient_email)
    response = client.post(
        "/login", data={"email": patient.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302
    return client


def test_a_session_signs_its_token_once_a_minute(client, make, login_as, clock):
    login_as(make.patient())
    first = page_token(client)  # signed, and remembered
    clock[0] += form_tokens.REUSE_FOR_SECONDS - 1
    assert signing(client) == (first, 0)
    assert signing(client) == (first, 0)
    clock[0] += 1
    renewed, signed = signing(client)
    assert signed == 1
    assert signing(client) == (renewed, 0)


def test_a_reused_token_is_accepted_by_forms(app, client, make, login_as, clock, monkeypatch):
    login_as(make.patient())
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page_token(client)
    token, signed = signing(client)
    assert signed == 0
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/today").status_code == 302  # logged out: sent to the login page


def test_each_session_keeps_its_own_token(app, make, clock, monkeypatch):
    asha = logged_in_client(app, make, "asha@example.com")
    ravi = logged_in_client(app, make, "ravi@example.com")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    ashas, ravis = page_token(asha), page_token(ravi)
    assert ashas != ravis
    assert page_token(asha) == ashas and page_token(ravi) == ravis
    assert ravi.post("/logout", data={"csrf_token": ashas}).status_code == 400
    assert ravi.post("/logout", data={"csrf_token": ravis}).status_code == 302
