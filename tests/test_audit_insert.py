"""A page's read events are written by one multi-row INSERT (a statement per thousand)."""

from datetime import UTC, datetime

from sqlalchemy import event, func, select

from portal.audit.models import AuditEvent
from portal.audit.pending import insert_events
from portal.extensions import db
from tests.test_query_counts import counted_statements


def _reads(actor_id: int, count: int) -> list[AuditEvent]:
    return [
        AuditEvent(at=datetime.now(UTC), action="patient_viewed", actor_id=actor_id,
                   record_type="patient", record_id=n, patient_id=None, details=f"row {n}")
        for n in range(count)
    ]  # fmt: skip


def test_forty_read_events_are_one_statement_of_forty_rows(make):
    desk_id = make.desk().id
    executed = []

    def note(_conn, _cursor, statement, _parameters, _context, executemany) -> None:
        executed.append((statement, executemany))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        insert_events(_reads(desk_id, 40))
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    db.session.commit()
    [(statement, _executemany)] = executed  # SQLAlchemy calls its batch an executemany
    assert statement.startswith("INSERT INTO audit_events")
    assert statement.count("), (") == 39  # a VALUES row per event, not one row run forty times
    stored = db.session.scalars(select(AuditEvent.details).order_by(AuditEvent.record_id)).all()
    assert stored == [f"row {n}" for n in range(40)]


def test_more_than_a_thousand_events_take_a_statement_per_thousand(make):
    desk_id = make.desk().id
    with counted_statements() as statements:
        insert_events(_reads(desk_id, 2001))
    db.session.commit()
    assert len(statements) == 3
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 2001


def test_no_events_no_statement(app):
    with counted_statements() as statements:
        insert_events([])
    assert statements == []
