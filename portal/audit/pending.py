"""The audit events a request has recorded but not yet written.

They are written inside the request's next serialized write (so a change and the reads that
led to it commit together), or else at the end of the request in a write transaction of
their own (portal/transactions.py: end_request_transaction).
"""

from dataclasses import dataclass
from datetime import datetime

from flask import g
from sqlalchemy import insert

from portal.audit.models import AuditEvent
from portal.extensions import db

_KEY = "audit_pending_events"
# What makes two events the same read: a page that shows a record twice records it once.
_IDENTITY = ("action", "actor_id", "patient_id", "record_type", "record_id", "details")


@dataclass(slots=True)
class PendingEvent:
    """An event a request recorded, as plain values: a page lists dozens of patients, and an
    ORM object per read cost more than the rest of its audit."""

    at: datetime
    actor_id: int | None
    action: str
    record_type: str | None
    record_id: int | None
    patient_id: int | None
    ip: str | None
    user_agent: str | None
    details: str | None


Event = AuditEvent | PendingEvent


def queue_event(event: Event) -> None:
    # Keyed by identity, so a desk's week of thousands of reads is queued in linear time
    # (comparing each new event with every queued one was quadratic).
    pending: dict[tuple, Event] = g.setdefault(_KEY, {})
    pending.setdefault(_identity(event), event)


def has_pending_events() -> bool:
    return bool(g.get(_KEY))


def take_pending_events() -> list[Event]:
    return list(g.pop(_KEY, {}).values())


def requeue_events(events: list[Event]) -> None:
    """Events whose write transaction rolled back: written later, since the reads happened."""
    for event in events:
        queue_event(event)


def insert_events(events: list[Event]) -> None:
    """Write the events in one statement, however many patients a page listed: one INSERT
    with a VALUES row per event. Asking for the new ids (RETURNING) is what makes SQLAlchemy
    send the rows in one statement ("insertmanyvalues", in batches of a thousand) instead of
    psycopg's executemany, which runs the INSERT once per event in the database; the
    compiled statement is reused, where building a VALUES list cost more Python than it saved."""
    if events:
        db.session.execute(
            insert(AuditEvent).returning(AuditEvent.id), [as_row(event) for event in events]
        ).all()


_COLUMNS = ("at", "actor_id", "action", "record_type", "record_id", "patient_id", "ip",
            "user_agent", "details")  # fmt: skip


def as_row(event: Event) -> dict:
    return {name: getattr(event, name) for name in _COLUMNS}  # audit() dates every event


def _identity(event: Event) -> tuple:
    return tuple(getattr(event, name) for name in _IDENTITY)
