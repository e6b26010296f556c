"""Password reset links: signed, time-limited, and single-use.

The token carries a fingerprint of the current password hash, so it stops working the moment
the password changes (including by using the link once).
"""

import hashlib
from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal.accounts.models import User
from portal.extensions import db

RESET_VALID_SECONDS = 60 * 60
# A new member of staff may not read their email within the hour.
WELCOME_VALID_SECONDS = 3 * 24 * 60 * 60
_SALT = "password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def reset_token(user: User, welcome: bool = False) -> str:
    """A link token; a welcome token (a new account's first password) lives for days."""
    return _serializer().dumps({"user": user.id, "hash": _fingerprint(user), "welcome": welcome})


def user_for_token(token: str, max_age: int = RESET_VALID_SECONDS) -> User | None:
    """The account the token was made for, or None when it is expired, used or tampered."""
    try:
        data, signed_at = _serializer().loads(
            token, max_age=max(max_age, WELCOME_VALID_SECONDS), return_timestamp=True
        )
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    age = (datetime.now(UTC) - signed_at).total_seconds()
    if age > (WELCOME_VALID_SECONDS if data.get("welcome") is True else max_age):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or not user.active or data.get("hash") != _fingerprint(user):
        return None
    return user
