"""Production refuses what only works on one process of one machine, and builds https links."""

import pytest

from portal.app import create_app
from portal.settings import ConfigurationError, settings_from_environment
from tests.conftest import TEST_SETTINGS

SAFE = {
    "PORTAL_ENV": "production",
    "SECRET_KEY": "from-the-vault",
    "DATABASE_URL": "postgresql+psycopg://portal@db.internal:5432/portal",
    "RATELIMIT_STORAGE_URI": "redis://cache.internal:6379/1",
    "PORTAL_URL": "https://portal.sthira.example",
}


@pytest.fixture
def production(monkeypatch):
    """The process environment of a production server; returns a setter for more of it."""
    for name, value in SAFE.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PORTAL_ALLOW_UNSAFE", raising=False)
    return monkeypatch.setenv


def test_production_starts_on_postgresql_and_redis(production, tmp_path):
    app = create_app({**TEST_SETTINGS, "TASK_QUEUE_URL": "memory://"})
    assert app.config["PORTAL_ENV"] == "production"
    assert app.config["PREFERRED_URL_SCHEME"] == "https"


def test_production_refuses_sqlite_saying_what_to_set(production):
    production("DATABASE_URL", "sqlite:////srv/portal.sqlite3")
    with pytest.raises(ConfigurationError) as refused:
        create_app({**TEST_SETTINGS})
    message = str(refused.value)
    assert "DATABASE_URL is SQLite" in message
    assert "PORTAL_ALLOW_UNSAFE=sqlite" in message
    assert "RATELIMIT_STORAGE_URI" not in message  # Redis is set: only what is wrong is named


def test_production_refuses_sqlite_given_by_the_app_config_too(production):
    with pytest.raises(ConfigurationError, match="DATABASE_URL is SQLite"):
        create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": "sqlite:////tmp/x.sqlite3"})


@pytest.mark.parametrize("portal_url", [None, "http://portal.sthira.example"])
def test_production_refuses_email_links_that_are_not_https(production, monkeypatch, portal_url):
    if portal_url is None:
        monkeypatch.delenv("PORTAL_URL")
    else:
        production("PORTAL_URL", portal_url)
    with pytest.raises(ConfigurationError) as refused:
        create_app({**TEST_SETTINGS})
    message = str(refused.value)
    assert "PORTAL_URL is not an https address" in message
    assert "PORTAL_ALLOW_UNSAFE=http-portal-url" in message
    assert "DATABASE_URL" not in message


def test_production_refuses_rate_limits_counted_in_each_process(production, monkeypatch):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI")  # the default is memory://
    with pytest.raises(ConfigurationError) as refused:
        create_app({**TEST_SETTINGS})
    assert "RATELIMIT_STORAGE_URI is memory://" in str(refused.value)
    assert "PORTAL_ALLOW_UNSAFE=memory-rate-limits" in str(refused.value)


def test_the_override_names_each_unsafe_setting_it_allows(production, database_url):
    production("RATELIMIT_STORAGE_URI", "memory://")
    production("PORTAL_ALLOW_UNSAFE", "sqlite")
    with pytest.raises(ConfigurationError, match="memory://"):
        create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": "sqlite:////tmp/x.sqlite3"})
    production("PORTAL_ALLOW_UNSAFE", "sqlite, memory-rate-limits")
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": "sqlite:////tmp/x.sqlite3"})
    assert app.config["ALLOW_UNSAFE"] == {"sqlite", "memory-rate-limits"}


def test_development_runs_on_sqlite_and_memory_without_an_override(tmp_path):
    settings = settings_from_environment({}, str(tmp_path))
    assert settings["ALLOW_UNSAFE"] == frozenset()
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x"})
    assert app.config["PORTAL_ENV"] == "development"


def test_a_mistyped_override_is_refused_not_ignored(tmp_path):
    with pytest.raises(ConfigurationError, match="may only name sqlite, memory-rate-limits"):
        settings_from_environment({"PORTAL_ALLOW_UNSAFE": "sqlite,memory"}, str(tmp_path))


@pytest.mark.parametrize("value", ["one", "-1", "1.5"])
def test_trusted_proxies_must_be_a_count(tmp_path, value):
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES must be a whole number"):
        settings_from_environment({"TRUSTED_PROXIES": value}, str(tmp_path))


def test_trusted_proxies_and_log_level_come_from_the_environment(tmp_path):
    settings = settings_from_environment({"TRUSTED_PROXIES": "2", "LOG_LEVEL": "warning"},
                                         str(tmp_path))  # fmt: skip
    assert (settings["TRUSTED_PROXIES"], settings["LOG_LEVEL"]) == (2, "WARNING")
    assert settings_from_environment({}, str(tmp_path))["TRUSTED_PROXIES"] == 0


def test_emails_sent_in_production_link_over_https(production, database_url, make):
    production("PORTAL_ALLOW_UNSAFE", "sqlite,memory-rate-limits")  # the test's own database
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    make.patient(email="asha@example.com")
    with app.app_context():
        response = app.test_client().post(  # plain http, as nginx talks to the portal
            "/reset-password", data={"email": "asha@example.com"}, base_url="http://portal.test"
        )
        assert response.status_code == 302
        body = _last_email_body()
    assert "https://portal.test/reset-password/" in body
    assert "http://" not in body


def _last_email_body() -> str:
    from sqlalchemy import select

    from portal.extensions import db
    from portal.notifications.models import OutgoingEmail

    return db.session.scalars(select(OutgoingEmail).order_by(OutgoingEmail.id.desc())).first().body
