"""Recording call-back requests and moving them along."""

from portal.accounts.models import User
from portal.centres.models import City
from portal.contact.models import CallbackRequest, CallbackStatus, PreferredTime
from portal.contact.workflow import check_status_change
from portal.db_types import utcnow
from portal.extensions import db


def record_callback(
    *,
    name: str,
    phone_e164: str,
    city: City,
    preferred_time: PreferredTime,
    message: str | None,
    requested_by: User | None,
) -> CallbackRequest:
    callback = CallbackRequest(
        name=name.strip(),
        phone=phone_e164,
        city=city,
        preferred_time=preferred_time,
        message=(message or "").strip() or None,
        consent_at=utcnow(),
        requested_by_id=requested_by.id if requested_by else None,
    )
    db.session.add(callback)
    db.session.flush()
    return callback


def change_callback_status(callback: CallbackRequest, wanted: CallbackStatus, actor: User) -> None:
    check_status_change(callback.status, wanted)
    callback.status = wanted
    callback.status_changed_at = utcnow()
    callback.status_changed_by = actor
    db.session.flush()
