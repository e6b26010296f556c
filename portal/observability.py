"""What an operator sees: the visitor's real address behind a proxy, a request id on every
request, one JSON log line per request and per error, the log level from the environment.

Behind `TRUSTED_PROXIES` reverse proxies, Werkzeug's ProxyFix takes the client's address,
scheme and host from the X-Forwarded-* headers those proxies set (and only theirs: a client
cannot forge its way past the last trusted hop), and the proxy's X-Request-ID names the
request, so nginx's access log and ours share the id. With no trusted proxy both are ignored.
"""

import json
import logging
import re
import sys
import time
import traceback
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import inspect
from werkzeug.middleware.proxy_fix import ProxyFix

REQUEST_ID_HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; accept a little more from a proxy, nothing odd.
_ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
REQUEST_LOG = "portal.requests"
LOGGERS = ("portal", "huey")

# What a log record always carries; anything else given as `extra=` is written too.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def register(app: Flask) -> None:
    _trust_proxies(app)
    configure_logging(app)
    app.before_request(_start_clock)
    app.after_request(_log_request)


def _trust_proxies(app: Flask) -> None:
    if app.config["PORTAL_ENV"] == "production":
        # Served over TLS only (the proxy sends plain http to https), so every link the
        # portal builds, in emails above all, is https even when the proxy does not say so.
        app.wsgi_app = _HttpsOnly(app.wsgi_app)  # type: ignore[method-assign]  # Flask's way to wrap it
    if hops := app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


class _HttpsOnly:
    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        environ["wsgi.url_scheme"] = "https"
        return self.wsgi_app(environ, start_response)


def request_id() -> str:
    """This request's id: the trusted proxy's X-Request-ID when it sent a sane one, else new."""
    if "request_id" not in g:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        trusted = current_app.config["TRUSTED_PROXIES"] > 0
        g.request_id = (
            given if trusted and _ACCEPTED_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        )
    return g.request_id


def _start_clock() -> None:
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id()
    started = g.get("request_started")
    logging.getLogger(REQUEST_LOG).info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": None if started is None else _milliseconds(started),
            "user_id": _user_id(),
            "remote_addr": request.remote_addr,
        },
    )
    return response


def _milliseconds(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _user_id() -> int | None:
    """The logged-in user's id if this request looked them up; never a query of its own (the
    database may be the reason this request failed)."""
    state = inspect(g.get("_login_user"), raiseerr=False)  # None: no one, or a visitor
    # The identity is known without loading the row (its attributes may have expired).
    return state.identity[0] if state is not None and state.identity else None


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, the request id inside a
    request, whatever `extra=` gave, and the traceback of an error."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request_id := getattr(record, "request_id", None):
            line["request_id"] = request_id
        line.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in _RECORD_ATTRIBUTES and key not in line
        )
        if record.exc_info:
            line["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(line, default=str)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and not hasattr(record, "request_id"):
            record.request_id = request_id()
        return True


class _PortalHandler(logging.StreamHandler):
    """Our handler on the portal's loggers, told apart so a second app replaces it. It writes
    to whatever sys.stderr is at the time (as logging's last resort does), so a test runner
    that swaps stderr per test is never left with a closed stream."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure_logging(app: Flask) -> None:
    """The portal's loggers (`portal`, `portal.*`: the app's own and the request log) and the
    worker's (`huey`) write to stderr, as JSON lines or as text (LOG_FORMAT), from LOG_LEVEL
    up."""
    handler = _PortalHandler()
    handler.addFilter(_RequestIdFilter())
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
        handler.addFilter(_default_request_id)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if isinstance(h, _PortalHandler)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(app.config["LOG_LEVEL"])


def _default_request_id(record: logging.LogRecord) -> bool:
    if not hasattr(record, "request_id"):
        record.request_id = "-"
    return True
