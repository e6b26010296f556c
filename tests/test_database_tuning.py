"""How the portal sets up each database connection, and reads moments back, on the database
the suite runs on."""

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select, text

from portal.app import RANDOM_PAGE_COST
from portal.audit.models import AuditEvent
from portal.db_types import UtcDateTime
from portal.extensions import db


def test_each_connection_is_tuned_for_its_database(app):
    if db.engine.dialect.name == "postgresql":
        # Set on connecting, committed: a request that rolls back does not undo it.
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        assert float(db.session.scalar(text("SHOW random_page_cost"))) == RANDOM_PAGE_COST
        assert db.session.scalar(text("SHOW timezone")) == "UTC"
    else:
        assert db.session.scalar(text("PRAGMA foreign_keys")) == 1
        assert db.session.scalar(text("PRAGMA journal_mode")) == "wal"
        assert db.session.scalar(text("PRAGMA busy_timeout")) == 15000


def test_a_stored_moment_reads_back_as_the_same_instant_in_utc(app):
    ist = timezone(timedelta(hours=5, minutes=30))
    db.session.add(AuditEvent(at=datetime(2026, 12, 3, 9, 30, tzinfo=ist), action="test"))
    db.session.commit()
    db.session.expire_all()
    (moment,) = db.session.execute(select(AuditEvent.at)).one()
    assert moment == datetime(2026, 12, 3, 4, 0, tzinfo=UTC)
    assert moment.tzinfo is UTC


def test_utc_datetime_gives_every_moment_in_utc():
    column = UtcDateTime()
    moment = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)
    assert column.process_result_value(moment, None) is moment  # already UTC: as it is
    naive = moment.replace(tzinfo=None)  # SQLite keeps no zone: the portal stored UTC
    assert column.process_result_value(naive, None) == moment
    ist = datetime(2026, 12, 3, 9, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    converted = column.process_result_value(ist, None)
    assert converted == moment
    assert converted.tzinfo is UTC
    assert column.process_result_value(None, None) is None
