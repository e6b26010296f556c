"""A page's read events are written by one INSERT: on PostgreSQL, the same statement for any
number of events (one JSON array of rows); elsewhere a VALUES row per event, a statement per
thousand."""

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


def _on_postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


def _inserted(events: list[AuditEvent]) -> list[str]:
    executed = []

    def note(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's, for the next transaction
            executed.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        insert_events(events)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    db.session.commit()
    return executed


def test_forty_read_events_are_one_statement_of_forty_rows(make):
    desk_id = make.desk().id
    [statement] = _inserted(_reads(desk_id, 40))
    assert statement.startswith("INSERT INTO audit_events")
    if _on_postgresql():  # the same statement for any number: the rows as one JSON array
        assert "json_to_recordset(" in statement
    else:  # a VALUES row per event, not one row run forty times
        assert statement.count("), (") == 39
    stored = db.session.scalars(select(AuditEvent.details).order_by(AuditEvent.record_id)).all()
    assert stored == [f"row {n}" for n in range(40)]


def test_every_column_is_stored_as_recorded(make):
    desk, patient = make.desk(), make.patient()
    at = datetime(2026, 12, 3, 4, 30, 15, 123456, tzinfo=UTC)
    recorded = [
        AuditEvent(at=at, action="patient_viewed", actor_id=desk.id, record_type="patient",
                   record_id=patient.id, patient_id=patient.id, ip="10.0.0.7",
                   user_agent='Firefox "Nightly" on Android \\ ಕನ್ನಡ',
                   details="from the day's schedule\nline two"),
        AuditEvent(at=at, action="patients_listed", actor_id=None, record_type=None,
                   record_id=None, patient_id=None, ip=None, user_agent=None, details=None),
    ]  # fmt: skip
    _inserted(recorded)
    columns = ("at", "action", "actor_id", "record_type", "record_id", "patient_id", "ip",
               "user_agent", "details")  # fmt: skip
    stored = db.session.execute(
        select(*(getattr(AuditEvent, name) for name in columns)).order_by(AuditEvent.id)
    ).all()
    assert [tuple(row) for row in stored] == [
        tuple(getattr(event, name) for name in columns) for event in recorded
    ]


def test_the_statement_is_the_same_whatever_the_number_on_postgresql(make):
    """psycopg keeps a statement it has seen parsed (and PostgreSQL, prepared): a text of its
    own for each number of events would be parsed again on every page. SQLite's differs."""
    desk_id = make.desk().id
    [few], [many] = _inserted(_reads(desk_id, 3)), _inserted(_reads(desk_id, 25))
    assert (few == many) is _on_postgresql()


def test_more_than_a_thousand_events_take_one_statement_or_one_per_thousand(make):
    desk_id = make.desk().id
    with counted_statements() as statements:
        insert_events(_reads(desk_id, 2001))
    db.session.commit()
    assert len(statements) == (1 if _on_postgresql() else 3)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 2001


def test_no_events_no_statement(app):
    with counted_statements() as statements:
        insert_events([])
    assert statements == []
