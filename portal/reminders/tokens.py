"""The signed link in every reminder that turns reminders off without signing in.

It names the patient and is signed with the app's secret (its own salt: a reset or sign-up
token is no unsubscribe link), and it lasts long enough for an old email to still work.
Using it twice is harmless: reminders are off, and stay off.
"""

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

VALID_FOR = timedelta(days=60)
_SALT = "practice-reminder-off"


class ExpiredLink(Exception):
    """A genuine link, but too old to act on."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(patient_id: int) -> str:
    return _serializer().dumps({"patient": patient_id})


def patient_id_for_token(token: str) -> int | None:
    """The patient the link was made for; None when it is not ours (tampered, made up).

    Raises ExpiredLink when it is ours but older than VALID_FOR."""
    try:
        data = _serializer().loads(token, max_age=int(VALID_FOR.total_seconds()))
    except SignatureExpired as error:
        raise ExpiredLink from error
    except BadSignature:
        return None
    patient_id = data.get("patient") if isinstance(data, dict) else None
    return patient_id if isinstance(patient_id, int) else None
