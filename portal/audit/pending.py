"""The audit events a request has recorded but not yet written.

They are written inside the request's next serialized write (so a change and the reads that
led to it commit together), or else at the end of the request in a write transaction of
their own (portal/transactions.py: end_request_transaction).
"""

from flask import g
from sqlalchemy import insert

from portal.audit.models import AuditEvent
from portal.extensions import db

_KEY = "audit_pending_events"
# What makes two events the same read: a page that shows a record twice records it once.
_IDENTITY = ("action", "actor_id", "patient_id", "record_type", "record_id", "details")


def queue_event(event: AuditEvent) -> None:
    # Keyed by identity, so a desk's week of thousands of reads is queued in linear time
    # (comparing each new event with every queued one was quadratic).
    pending: dict[tuple, AuditEvent] = g.setdefault(_KEY, {})
    pending.setdefault(_identity(event), event)


def has_pending_events() -> bool:
    return bool(g.get(_KEY))


def take_pending_events() -> list[AuditEvent]:
    return list(g.pop(_KEY, {}).values())


def requeue_events(events: list[AuditEvent]) -> None:
    """Events whose write transaction rolled back: written later, since the reads happened."""
    for event in events:
        queue_event(event)


# Rows per INSERT: nine values each stays far below SQLite's and PostgreSQL's parameter limits.
_ROWS_PER_INSERT = 1000


def insert_events(events: list[AuditEvent]) -> None:
    """Write the events in one statement, however many patients a page listed: one INSERT
    with a VALUES row per event (a page's read events in one execution, where an executemany
    runs the INSERT once per event in the database), a statement per thousand events."""
    rows = [_row(event) for event in events]
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        db.session.execute(insert(AuditEvent).values(rows[start : start + _ROWS_PER_INSERT]))


_COLUMNS = ("at", "actor_id", "action", "record_type", "record_id", "patient_id", "ip",
            "user_agent", "details")  # fmt: skip


def _row(event: AuditEvent) -> dict:
    return {name: getattr(event, name) for name in _COLUMNS}  # audit() dates every event


def _identity(event: AuditEvent) -> tuple:
    return tuple(getattr(event, name) for name in _IDENTITY)
