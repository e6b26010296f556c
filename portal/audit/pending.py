"""The audit events a request has recorded but not yet written.

They are written inside the request's next serialized write (so a change and the reads that
led to it commit together), or else at the end of the request: in a write transaction of
their own, or on PostgreSQL in the request's reading one (portal/transactions.py:
end_request_transaction).
"""

import json
from dataclasses import dataclass
from datetime import datetime

from flask import g
from sqlalchemy import JSON, Insert, Text, bindparam, cast, column, func, insert, select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.statements import built_once

_KEY = "audit_pending_events"


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

    def about(self, patient_id: int) -> "PendingEvent":
        """The same reading, of another patient: a page lists dozens, and dataclasses.replace
        costs five times this constructor."""
        return PendingEvent(
            self.at, self.actor_id, self.action, self.record_type, self.record_id, patient_id,
            self.ip, self.user_agent, self.details,
        )  # fmt: skip


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
    """Write the events in one statement, however many patients a page listed.

    On PostgreSQL the statement is always the same: the events as one JSON array, turned
    back into rows by json_to_recordset(); psycopg keeps it parsed and PostgreSQL prepared,
    where a VALUES row per event made a new statement text for each number of events. (An
    array per column was the same statement, but psycopg quotes every element of a text
    array in Python: two thirds of the insert's CPU for a page of 25.) Elsewhere one
    INSERT with a VALUES row per event (asking for the new ids, RETURNING, is what makes
    SQLAlchemy send the rows in one statement, "insertmanyvalues", in batches of a thousand,
    instead of running the INSERT once per event)."""
    if not events:
        return
    rows = [as_row(event) for event in events]
    if db.session.get_bind().dialect.name == "postgresql":
        for row in rows:
            row["at"] = row["at"].isoformat()  # with its offset: read back as the same instant
        db.session.execute(_insert_from_json(), {"events": json.dumps(rows)})
        return
    db.session.execute(insert(AuditEvent).returning(AuditEvent.id), rows).all()


_COLUMNS = ("at", "actor_id", "action", "record_type", "record_id", "patient_id", "ip",
            "user_agent", "details")  # fmt: skip


@built_once
def _insert_from_json() -> Insert:
    table = db.metadata.tables[AuditEvent.__tablename__]
    events = cast(bindparam("events", type_=Text), JSON)
    rows = (
        func.json_to_recordset(events)
        .table_valued(*(column(name, table.c[name].type) for name in _COLUMNS))
        .render_derived(name="events", with_types=True)
    )
    return insert(table).from_select([table.c[name] for name in _COLUMNS], select(*rows.c))


def as_row(event: Event) -> dict:
    return {name: getattr(event, name) for name in _COLUMNS}  # audit() dates every event


def _identity(event: Event) -> tuple:
    """What makes two events the same read: a page that shows a record twice records it once.
    (Spelled out: a generator of getattr() cost as much as making the event.)"""
    return (event.action, event.actor_id, event.patient_id, event.record_type, event.record_id,
            event.details)  # fmt: skip
