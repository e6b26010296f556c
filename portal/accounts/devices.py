"""Device cookies (OWASP): a browser that signed in to an account before proves it, so its
attempts are counted on their own and failures from elsewhere never pause its owner.

The cookie names the account by a hash of its email, so whether a cookie fits the email
typed is known without reading the database, and the same for unknown emails.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.accounts.throttle import device_key

COOKIE = "device"
LIFETIME = timedelta(days=365)
_SALT = "device-cookie"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _account(normalised_email: str) -> str:
    return hashlib.sha256(normalised_email.encode()).hexdigest()[:32]


def set_device_cookie(response: Response, normalised_email: str) -> Response:
    """A fresh device cookie for the account just signed in to (a new nonce each time)."""
    token = _serializer().dumps(
        {"account": _account(normalised_email), "nonce": secrets.token_hex(16)}
    )
    config = current_app.config
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(LIFETIME.total_seconds()),
        httponly=True,
        secure=config["SESSION_COOKIE_SECURE"],
        samesite="Lax",
    )
    return response


def device_cookie() -> str | None:
    return request.cookies.get(COOKIE)


def trusted_device_key(token: str | None, normalised_email: str) -> str | None:
    """The throttle key of a browser whose device cookie `token` is valid for the account
    of `normalised_email`, else None."""
    if not token:
        return None
    try:
        data = _serializer().loads(token, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("account") != _account(normalised_email):
        return None
    return device_key(str(data.get("nonce")))
