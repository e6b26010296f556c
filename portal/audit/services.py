"""Writing audit events from a request."""

from flask import has_request_context, request
from flask_login import current_user

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.transactions import serialized


def audit(
    action: str,
    *,
    patient_id: int | None = None,
    record=None,
    details: str | None = None,
    actor_id: int | None = None,
) -> AuditEvent:
    """Record one event and commit it at once: a read is worth logging even if nothing else
    in the request is saved."""
    event = AuditEvent(
        action=action,
        actor_id=actor_id if actor_id is not None else _current_actor(),
        patient_id=patient_id,
        record_type=type(record).__name__ if record is not None else None,
        record_id=getattr(record, "id", None),
        details=details,
    )
    if has_request_context():
        event.ip = (request.remote_addr or "")[:64] or None
        event.user_agent = (request.user_agent.string or "")[:300] or None
    with serialized():  # many requests write events at once: take the write lock first
        db.session.add(event)
    return event


def _current_actor() -> int | None:
    if has_request_context() and current_user.is_authenticated:
        return current_user.id
    return None
