"""Writing audit events from a request.

An event joins the request's transaction: it is written when the request's work commits, or,
when there is none to commit (a GET, a form refused), at the end of the request in a write
transaction of its own (portal/transactions.py: end_request_transaction). So a read is logged
even when nothing else is saved, logging never commits anyone's work, and on SQLite a GET
takes the write lock at most once, at its end, after the page has been built. Outside a
request (a command) an event joins the caller's unsaved work, or is written at once.
"""

from collections.abc import Iterable

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import text

from portal.audit.models import AuditEvent
from portal.audit.pending import PendingEvent, as_row, queue_event
from portal.db_types import utcnow
from portal.extensions import db
from portal.transactions import serialized


def audit(
    action: str,
    *,
    patient_id: int | None = None,
    record=None,
    details: str | None = None,
    actor_id: int | None = None,
) -> None:
    event = _event(action, patient_id, record, details, actor_id)
    if has_request_context():
        queue_event(event)
        return
    with serialized():  # a command: with its unsaved work, or at once
        db.session.add(AuditEvent(**as_row(event)))


def _event(
    action: str, patient_id: int | None, record, details: str | None, actor_id: int | None
) -> PendingEvent:
    in_request = has_request_context()
    return PendingEvent(
        at=utcnow(),
        action=action,
        actor_id=actor_id if actor_id is not None else _current_actor(),
        patient_id=patient_id,
        record_type=type(record).__name__ if record is not None else None,
        record_id=getattr(record, "id", None),
        details=details,
        ip=(request.remote_addr or "")[:64] or None if in_request else None,
        user_agent=(request.user_agent.string or "")[:300] or None if in_request else None,
    )


def record_read(action: str, patient_id: int | None, record=None) -> None:
    """A member of staff was shown a patient's data: say on which page."""
    audit(action, patient_id=patient_id, record=record, details=request.endpoint)


def record_reads(action: str, patient_ids: Iterable[int | None]) -> None:
    """A page listed these patients (one event each, so each patient's trail is complete)."""
    listed = [patient_id for patient_id in dict.fromkeys(patient_ids) if patient_id is not None]
    if not listed:
        return
    # One reading: who, when, from where are the same for each (a desk's day lists a hundred).
    shown = _event(action, None, None, request.endpoint, None)
    for patient_id in listed:
        queue_event(shown.about(patient_id))


def _current_actor() -> int | None:
    if has_request_context() and current_user.is_authenticated:
        return current_user.id
    return None


# Each distinct action by one seek on the action index per action (a "loose index scan"):
# SELECT DISTINCT would read every event, and the log grows by thousands a day.
_LOGGED_ACTIONS = text(
    "WITH RECURSIVE found(action) AS ("
    " SELECT min(action) FROM audit_events"
    " UNION ALL"
    " SELECT (SELECT min(action) FROM audit_events WHERE action > found.action)"
    " FROM found WHERE found.action IS NOT NULL"
    ") SELECT action FROM found WHERE action IS NOT NULL ORDER BY action"
)


def logged_actions() -> list[str]:
    """The actions the log holds, in order, for the filter's list."""
    return list(db.session.scalars(_LOGGED_ACTIONS))
