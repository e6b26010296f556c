import pytest

from portal.app import create_app
from tests.conftest import TEST_SETTINGS

PAGES = ["/", "/guide", "/guide/BL23", "/centres", "/contact", "/login", "/register", "/book",
         "/home-visit", "/healthz", "/no-such-page"]  # fmt: skip


@pytest.mark.parametrize("url", PAGES)
def test_every_page_carries_the_security_headers(client, seeded, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # development speaks plain HTTP


def test_pages_have_no_inline_scripts(client, seeded, login_as, make):
    import re

    for url in ("/", "/guide/BL23", "/contact", "/book"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+=", html), url  # no inline event handlers


def test_production_adds_hsts(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.setenv("PORTAL_URL", "https://portal.sthira.example")
    monkeypatch.setenv("PORTAL_ALLOW_UNSAFE", "sqlite,memory-rate-limits")  # a test's own
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    response = app.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
