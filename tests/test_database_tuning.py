"""How the portal sets up each database connection, and reads moments back, on the database
the suite runs on."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from unittest import mock

import psycopg
import pytest
from sqlalchemy import bindparam, select, text

from portal.accounts.models import User
from portal.app import RANDOM_PAGE_COST
from portal.audit.models import AuditEvent
from portal.db_types import UtcDateTime
from portal.extensions import db
from portal.postgres_cursors import DescribedWhenAskedCursor


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


# On PostgreSQL, a cursor describes its result's columns only when something reads them
# (portal.postgres_cursors): SQLAlchemy knows them already for a statement it has run before.


@pytest.fixture
def postgresql_connection(app) -> Iterator[psycopg.Connection]:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's cursors, on PostgreSQL; SQLite's describe theirs in C")
    with db.engine.connect() as connection:
        yield connection.connection.dbapi_connection  # type: ignore[misc]


QUERY = "SELECT 1 AS one, 'two'::text AS two, now() AS three WHERE %s"


def test_a_cursor_describes_its_columns_as_psycopg_does(postgresql_connection):
    ours = postgresql_connection.cursor()
    assert isinstance(ours, DescribedWhenAskedCursor)
    psycopgs = psycopg.Cursor(postgresql_connection)
    for rows in (True, False):  # a statement that finds no row still has its columns
        ours.execute(QUERY, [rows])
        psycopgs.execute(QUERY, [rows])
        assert len(ours.description) == 3
        assert [tuple(column) for column in ours.description] == [
            tuple(column) for column in psycopgs.description
        ]
        assert ours.description[1].name == "two"
    ours.execute("SET TIME ZONE 'UTC'")
    assert ours.description is None  # no rows to describe, as psycopg says


def test_a_description_is_refused_once_its_cursor_has_run_again(postgresql_connection):
    cursor = postgresql_connection.cursor()
    cursor.execute(QUERY, [True])
    description = cursor.description
    cursor.execute("SELECT 'other' AS name")
    with pytest.raises(RuntimeError, match="ran again"):
        list(description)


def test_a_statement_run_before_has_its_columns_described_by_no_one(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's cursors, on PostgreSQL")
    statement = select(User.id, User.email).where(User.id == bindparam("user_id"))
    db.session.execute(statement, {"user_id": 1}).all()  # its first run describes them
    with mock.patch("portal.postgres_cursors.Column", side_effect=AssertionError("described")):
        assert db.session.execute(statement, {"user_id": 1}).all() is not None
    db.session.rollback()
