"""The forms' CSRF token, signed once a minute per session instead of on every page.

Flask-WTF keeps a random token in the session and writes it into forms signed with a
timestamp (an HMAC through a serializer it builds anew), the first time a request asks for
one: every signed-in page does, for the language switcher and the logout button. That costs
a fiftieth of a patient's page. A signature is as good a minute later: it is valid for
WTF_CSRF_TIME_LIMIT (hours) from when it was made, so reusing one made under a minute ago
only ends its life under a minute sooner. Flask-WTF looks for the request's signed token in
`g` first (where it keeps it, as its documentation says, for every later form and template
of the request); this puts the session's recent one there before anything asks.
"""

from time import monotonic

from flask import Flask, current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from portal.bounded_memory import BoundedMemory
from portal.static_files import is_static_file_request

REUSE_FOR_SECONDS = 60
# Sessions active in the last minute, per process; a full memory starts again empty.
REMEMBERED = 4096

# (secret, session's raw token) -> (its signed form, when it was signed: monotonic())
_signed: BoundedMemory[tuple[object, str], tuple[str, float]] = BoundedMemory(REMEMBERED)


def register(app: Flask) -> None:
    app.before_request(_reuse_a_recent_signature)


def _reuse_a_recent_signature() -> None:
    config = current_app.config
    if config["SESSION_COOKIE_NAME"] not in request.cookies or is_static_file_request():
        return  # no session yet: the page that asks for a token makes it
    field, secret = config["WTF_CSRF_FIELD_NAME"], _secret(config)
    now = monotonic()
    raw = session.get(field)
    recent = _signed.get((secret, raw)) if isinstance(raw, str) else None
    if recent is not None and now - recent[1] < REUSE_FOR_SECONDS:
        setattr(g, field, recent[0])
        return
    signed = generate_csrf()  # (and the session's own token, if it has none yet)
    _signed.remember((secret, session[field]), (signed, now))


def _secret(config) -> object:
    return config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
