"""Every form refuses a POST without its CSRF token (the other tests switch the check off)."""

import pytest


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


@pytest.mark.parametrize(
    "url", ["/register", "/login", "/contact", "/logout", "/desk/callbacks/1/status"]
)
def test_post_without_token_is_rejected(client, csrf_on, url):
    response = client.post(url, data={"email": "a@example.com"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def test_post_with_the_token_from_the_page_is_accepted(client, csrf_on, seeded):
    html = client.get("/login").get_data(as_text=True)
    token = html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login",
        data={"email": "patient@demo.test", "password": "demo-password", "csrf_token": token},
    )
    assert response.status_code == 302
