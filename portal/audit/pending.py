"""The audit events a request has recorded but not yet written.

They are written inside the request's next serialized write (so a change and the reads that
led to it commit together), or else at the end of the request in a write transaction of
their own (portal/audit/services.py: write_pending_events).
"""

from flask import g
from sqlalchemy import insert

from portal.audit.models import AuditEvent
from portal.db_types import utcnow
from portal.extensions import db

_KEY = "audit_pending_events"


def queue_event(event: AuditEvent) -> None:
    pending: list[AuditEvent] = g.setdefault(_KEY, [])
    if not any(_same(event, queued) for queued in pending):
        pending.append(event)


def take_pending_events() -> list[AuditEvent]:
    return g.pop(_KEY, [])


def requeue_events(events: list[AuditEvent]) -> None:
    """Events whose write transaction rolled back: written later, since the reads happened."""
    for event in events:
        queue_event(event)


def insert_events(events: list[AuditEvent]) -> None:
    """Write the events in one statement, however many patients a page listed."""
    if events:
        db.session.execute(insert(AuditEvent), [_row(event) for event in events])


_COLUMNS = ("actor_id", "action", "record_type", "record_id", "patient_id", "ip", "user_agent",
            "details")  # fmt: skip


def _row(event: AuditEvent) -> dict:
    return {"at": event.at or utcnow(), **{name: getattr(event, name) for name in _COLUMNS}}


def _same(one: AuditEvent, other: AuditEvent) -> bool:
    fields = ("action", "actor_id", "patient_id", "record_type", "record_id", "details")
    return all(getattr(one, name) == getattr(other, name) for name in fields)
