"""Which database errors are an outage (a friendly 503) and which are bugs (a 500).

The driver errors are real: raised by sqlite3 and psycopg themselves, or psycopg's own classes
for a server's SQLSTATE, wrapped by SQLAlchemy as it wraps them in the portal.
"""

import sqlite3

import psycopg
import pytest
from psycopg import errors as pg
from sqlalchemy import exc

from portal.database_outage import is_database_unavailable


def wrapped(driver_error: Exception, invalidated: bool = False) -> exc.DBAPIError:
    return exc.DBAPIError.instance(
        "SELECT 1",
        {},
        driver_error,
        sqlite3.Error if isinstance(driver_error, sqlite3.Error) else psycopg.Error,
        connection_invalidated=invalidated,
    )


def raised_by(action) -> Exception:
    try:
        action()
    except Exception as error:  # noqa: BLE001  (whatever the driver raises is the point)
        return error
    raise AssertionError("the driver raised nothing")


def test_sqlite_that_cannot_open_its_file_is_an_outage(tmp_path):
    error = raised_by(lambda: sqlite3.connect(tmp_path / "gone" / "db.sqlite3"))
    assert is_database_unavailable(wrapped(error))


def test_sqlite_locked_by_another_writer_is_an_outage(tmp_path):
    holder = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    waiter = sqlite3.connect(tmp_path / "db.sqlite3", timeout=0)
    error = raised_by(lambda: waiter.execute("SELECT 1 FROM sqlite_master"))
    holder.rollback()
    assert "locked" in str(error)
    assert is_database_unavailable(wrapped(error))


def test_sqlite_disk_io_error_is_an_outage():
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 10 | (3 << 8)  # SQLITE_IOERR_WRITE: an extended code
    assert is_database_unavailable(wrapped(error))


@pytest.mark.parametrize(
    "statement",
    ["SELECT * FROM no_such_table", "SELEKT 1", "SELECT no_such_column FROM sqlite_master"],
)
def test_a_wrong_sqlite_statement_is_not_an_outage(statement):
    # sqlite3 calls these OperationalError too: the code (SQLITE_ERROR) tells them apart.
    error = raised_by(lambda: sqlite3.connect(":memory:").execute(statement))
    assert isinstance(wrapped(error), exc.OperationalError)
    assert not is_database_unavailable(wrapped(error))


def test_a_broken_sqlite_constraint_is_not_an_outage():
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    connection.execute("INSERT INTO t VALUES (1)")
    error = raised_by(lambda: connection.execute("INSERT INTO t VALUES (1)"))
    assert isinstance(wrapped(error), exc.IntegrityError)
    assert not is_database_unavailable(wrapped(error))


def test_postgresql_refusing_connections_is_an_outage():
    closed_port = "host=127.0.0.1 port=1 user=postgres dbname=test connect_timeout=2"
    error = raised_by(lambda: psycopg.connect(closed_port))
    assert isinstance(error, psycopg.OperationalError) and error.sqlstate is None
    assert is_database_unavailable(wrapped(error))


@pytest.mark.parametrize(
    "sqlstate",
    [
        "08006",  # connection failure
        "57P01",  # admin shutdown: the server is going down
        "57P03",  # cannot connect now: starting up
        "57014",  # query canceled: statement timeout
        "53300",  # too many connections
        "40001",  # serialization failure: try again
        "40P01",  # deadlock detected: try again
        "55P03",  # lock not available
        "58030",  # I/O error on the server
    ],
)
def test_postgresql_saying_not_now_is_an_outage(sqlstate):
    assert is_database_unavailable(wrapped(pg.lookup(sqlstate)("server says not now")))


@pytest.mark.parametrize(
    "sqlstate",
    [
        "42P01",  # undefined table
        "42601",  # syntax error
        "23505",  # unique violation
        "23P01",  # exclusion violation (a slot just taken)
        "22001",  # string too long
        "54000",  # program limit exceeded: an OperationalError in psycopg, but a wrong query
        "55000",  # object not in prerequisite state
    ],
)
def test_postgresql_saying_this_statement_is_wrong_is_not_an_outage(sqlstate):
    assert not is_database_unavailable(wrapped(pg.lookup(sqlstate)("this statement is wrong")))


def test_a_connection_found_dead_is_an_outage_whatever_the_error_class():
    error = psycopg.InterfaceError("the connection is lost")
    assert is_database_unavailable(wrapped(error, invalidated=True))
    assert not is_database_unavailable(wrapped(error))


def test_pool_errors_are_an_outage():
    assert is_database_unavailable(exc.DisconnectionError("connection died at checkout"))
    assert is_database_unavailable(exc.TimeoutError("QueuePool limit reached"))


@pytest.mark.parametrize(
    "error",
    [None, RuntimeError("a bug"), exc.NoResultFound(), exc.InvalidRequestError("misuse")],
)
def test_other_errors_are_not_an_outage(error):
    assert not is_database_unavailable(error)
