"""Configuration read from the environment, in one place."""

import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from portal.request_values import parse_whole_number


class ConfigurationError(RuntimeError):
    """The environment does not allow the portal to start safely."""


def settings_from_environment(environ: Mapping[str, str], instance_path: str) -> dict[str, Any]:
    production = environ.get("PORTAL_ENV", "development") == "production"
    return {
        # Links in emails: https in production (the portal is only served over TLS there).
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # How many reverse proxies (nginx) stand in front of the portal and set
        # X-Forwarded-For/-Proto/-Host and X-Request-ID; 0: none, trust no such header.
        "TRUSTED_PROXIES": _count(environ, "TRUSTED_PROXIES"),
        "LOG_LEVEL": environ.get("LOG_LEVEL", "INFO").upper(),
        # json: one JSON object a line (portal/observability.py); text: for a developer.
        "LOG_FORMAT": environ.get("LOG_FORMAT", "json" if production else "text"),
        "ALLOW_UNSAFE": _allowed_unsafe(environ),
        "PORTAL_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(environ, instance_path, production),
        "SQLALCHEMY_DATABASE_URI": environ.get("DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'portal.sqlite3'}",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "MAIL_BACKEND": environ.get("MAIL_BACKEND", "smtp" if production else "outbox"),
        "MAIL_SERVER": environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": environ.get("MAIL_USE_TLS", "true").lower() == "true",
        "MAIL_DEFAULT_SENDER": environ.get(
            "MAIL_DEFAULT_SENDER", "Sthira Physio <care@sthira.test>"
        ),
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Several portals sharing one Redis (a test stack beside a developer's) keep their
        # counters and queues apart by these names.
        "RATELIMIT_KEY_PREFIX": environ.get("RATELIMIT_KEY_PREFIX", ""),
        # The worker's queue; none: a SQLite file in instance/ (portal/worker/queue.py).
        "TASK_QUEUE_URL": environ.get("TASK_QUEUE_URL"),
        "TASK_QUEUE_NAME": environ.get("TASK_QUEUE_NAME", "sthira-portal"),
        # The outbox backend's folder (development); none: instance/outbox.
        "MAIL_OUTBOX_DIR": environ.get("MAIL_OUTBOX_DIR"),
        # The portal's address as patients reach it: links in emails the worker writes (a
        # daily practice reminder), where no request says which host it is.
        "PORTAL_URL": environ.get("PORTAL_URL", "http://127.0.0.1:5000").rstrip("/"),
    }


# What PORTAL_ALLOW_UNSAFE may name: each lets production start with one setting that is only
# safe on a single process on a single machine.
UNSAFE_SETTINGS = {
    "sqlite": (
        "DATABASE_URL is SQLite: one file on one machine, which several app servers cannot "
        "share. Set DATABASE_URL to PostgreSQL (postgresql+psycopg://user@host:5432/db)"
    ),
    "memory-rate-limits": (
        "RATELIMIT_STORAGE_URI is memory://: every worker process counts on its own, so a "
        "limit of 20 lets through 20 per process. Set it to Redis (redis://host:6379/1)"
    ),
    "http-portal-url": (
        "PORTAL_URL is not an https address: the links in emails the worker writes (a "
        "practice reminder, its unsubscribe link) would lead patients to it. Set "
        "PORTAL_URL=https://<the portal's domain>"
    ),
}
ALLOW_UNSAFE = "PORTAL_ALLOW_UNSAFE"


def unsafe_production_settings(config: Mapping[str, Any]) -> list[str]:
    """The names (keys of UNSAFE_SETTINGS) of what this configuration does that production
    must not do, leaving out those PORTAL_ALLOW_UNSAFE allows."""
    found = []
    if str(config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite"):
        found.append("sqlite")
    if str(config["RATELIMIT_STORAGE_URI"]).startswith("memory://"):
        found.append("memory-rate-limits")
    if not str(config.get("PORTAL_URL", "")).startswith("https://"):
        found.append("http-portal-url")
    return [name for name in found if name not in config.get("ALLOW_UNSAFE", ())]


def refuse_unsafe_production(config: Mapping[str, Any]) -> None:
    """Raise ConfigurationError, saying what to change, when production would run unsafely."""
    if config.get("PORTAL_ENV") != "production":
        return
    unsafe = unsafe_production_settings(config)
    if not unsafe:
        return
    reasons = "\n".join(f"  - {UNSAFE_SETTINGS[name]}." for name in unsafe)
    raise ConfigurationError(
        "With PORTAL_ENV=production the portal refuses to start:\n"
        f"{reasons}\n"
        f"To run like this anyway (a trial on one machine), set {ALLOW_UNSAFE}="
        f"{','.join(unsafe)}."
    )


def _allowed_unsafe(environ: Mapping[str, str]) -> frozenset[str]:
    named = {name.strip() for name in environ.get(ALLOW_UNSAFE, "").split(",") if name.strip()}
    if unknown := named - UNSAFE_SETTINGS.keys():
        raise ConfigurationError(
            f"{ALLOW_UNSAFE} names {', '.join(sorted(unknown))}: it may only name "
            f"{', '.join(UNSAFE_SETTINGS)}."
        )
    return frozenset(named)


def _count(environ: Mapping[str, str], name: str) -> int:
    raw = environ.get(name, "0").strip() or "0"
    count = parse_whole_number(raw, max_digits=2)
    if count is None:
        raise ConfigurationError(f"{name} must be a whole number (how many proxies), not {raw!r}.")
    return count


# Settings that do not depend on the environment.
DEFAULTS: dict[str, Any] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": timedelta(days=14),
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BOOTSTRAP_SERVE_LOCAL": True,
    "WTF_CSRF_TIME_LIMIT": 8 * 60 * 60,
    # argon2id with the library's recommended cost; tests lower it to stay fast.
    "PASSWORD_HASH_TIME_COST": 3,
    "PASSWORD_HASH_MEMORY_COST": 64 * 1024,
    "CLINIC_NAME": "Sthira Physio",
    "RATELIMIT_HEADERS_ENABLED": True,
    # Both cities are in India; a centre in another zone carries its own city timezone.
    "DEFAULT_TIMEZONE": "Asia/Kolkata",
}


def _secret_key(environ: Mapping[str, str], instance_path: str, production: bool) -> str:
    if key := environ.get("SECRET_KEY"):
        return key
    if production:
        raise ConfigurationError(
            "SECRET_KEY is not set. With PORTAL_ENV=production the portal refuses to start "
            "without it: set SECRET_KEY to a long random value (e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`)."
        )
    return _development_secret_key(Path(instance_path))


def _development_secret_key(instance_path: Path) -> str:
    """Generated once per checkout, so sessions survive restarts but no key is committed."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
