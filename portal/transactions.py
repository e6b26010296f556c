"""How a write works: one path, safe on SQLite under concurrency.

SQLite allows one writer at a time. A transaction that began as a reader and writes later
("deferred") is refused outright ("database is locked") when another writer got in between,
and the busy timeout cannot help it: its snapshot is already out of date. So on SQLite every
transaction that may write takes the write lock at BEGIN (BEGIN IMMEDIATE), and waits its turn
(busy timeout) instead of failing; WAL lets readers go on meanwhile:

- a request with an unsafe method (POST, PUT, PATCH, DELETE) begins every transaction with
  BEGIN IMMEDIATE, so a view may simply write and commit;
- `serialized()` is the write path everywhere else (a GET page writing its audit events,
  CLI commands, workers): it ends the read transaction and begins a write transaction. In a
  writing request it joins the request's transaction, which already holds the lock.

Following SQLAlchemy's recipe we let SQLAlchemy emit BEGIN itself (the driver's own lazy BEGIN
is switched off). Slow work that needs no database (hashing a password) runs without the lock:
see `write_lock_released()`. A request that writes in a transaction begun without the lock
warns `DeferredWrite` (an error in the tests).

PostgreSQL: the exclusion constraints already forbid overlaps; locking the therapist's and
the patient's rows as well serializes bookings for the same people, so buffers (travel time),
which no constraint expresses, are respected too.
"""

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from flask import has_app_context, has_request_context, request
from sqlalchemy import Connection, Engine, event, select

from portal.audit.pending import insert_events, requeue_events, take_pending_events
from portal.extensions import db

_IMMEDIATE = "begin_immediate"
_WROTE = "wrote"  # connection.info: this transaction has changed something
_LOCKED = "locked"  # connection.info: this transaction took the write lock at BEGIN
_READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_READING_STARTS = ("SELECT", "BEGIN", "PRAGMA")
# A data-changing statement anywhere in a WITH statement: in its main part or in one of its
# common table expressions (on SQLite only the main part can change data; PostgreSQL allows
# both). "deleted_at" or "updates" do not match: the keyword must stand alone.
_CHANGING_KEYWORD = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def configure_sqlite_transactions(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _let_sqlalchemy_begin(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE) or _request_writes()
        connection.info[_LOCKED] = bool(immediate)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    @event.listens_for(engine, "before_cursor_execute")
    def _note_writes(connection, _cursor, statement, *_args) -> None:
        if is_read_only(statement):
            return
        connection.info[_WROTE] = True
        if has_request_context() and not connection.info.get(_LOCKED):
            warnings.warn(
                f"{request.method} {request.path} writes without the write lock: {statement[:80]}",
                DeferredWrite,
                stacklevel=2,
            )

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _forget_writes(connection) -> None:
        connection.info.pop(_WROTE, None)


def is_read_only(statement: str) -> bool:
    """True for a statement that cannot change data: a SELECT (or BEGIN, PRAGMA), or a WITH
    statement in which no INSERT, UPDATE, DELETE or REPLACE appears. Unsure is a write."""
    start = statement.lstrip()[:6].upper()
    if start.startswith(_READING_STARTS):
        return True
    return start.startswith("WITH") and _CHANGING_KEYWORD.search(statement) is None


class DeferredWrite(RuntimeWarning):
    """A request wrote in a transaction that began without the write lock (a GET writing
    outside `serialized()`): on SQLite that fails whenever another writer got in first. The
    tests turn this warning into an error (pyproject.toml)."""


def _request_writes() -> bool:
    return has_request_context() and request.method not in _READING_METHODS


def _is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def _holds_write_lock() -> bool:
    """True in a writing request on SQLite: its transactions take the lock at BEGIN."""
    return _request_writes() and _is_sqlite()


@contextmanager
def serialized(*user_ids: int) -> Iterator[None]:
    """Run the block in one write transaction that others wait for (locking the given
    people's rows on PostgreSQL); commit at the end, roll back on error. The request's audit
    events so far are written in the same transaction."""
    if _holds_write_lock():
        db.session.connection()  # join the request's transaction (or begin it, immediate)
    else:
        db.session.commit()  # end the read transaction, so ours can begin as we ask
        db.session.connection(execution_options={_IMMEDIATE: True})
    if user_ids and db.session.get_bind().dialect.name == "postgresql":
        people = db.metadata.tables["users"]  # by name: the core imports no area's models
        db.session.execute(
            select(people.c.id).where(people.c.id.in_(sorted(set(user_ids))))
            .order_by(people.c.id).with_for_update()
        )  # fmt: skip
    events = take_pending_events() if has_app_context() else []
    insert_events(events)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        requeue_events(events)
        raise


@contextmanager
def write_beside() -> Iterator[Connection]:
    """A small write of its own, beside the current transaction (which stays as it is, a
    reader in a GET): its own connection and transaction, taking the write lock at BEGIN on
    SQLite, committed at the end."""
    with db.engine.connect() as connection:
        connection.execution_options(**{_IMMEDIATE: True})
        with connection.begin():
            yield connection


@contextmanager
def write_lock_released() -> Iterator[None]:
    """Run slow work that needs no database (argon2) without holding SQLite's write lock.

    In a writing request the transaction holds the lock from its first query; when nothing
    has been changed yet, ending it costs nothing and lets other writers in meanwhile (the
    next query begins a new one). With changes made, the lock is kept: committing half a
    view's work, or losing it, would be worse than waiting.
    """
    if _holds_write_lock() and not _has_changes():
        db.session.commit()
    yield


def _has_changes() -> bool:
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return True
    connection = session.connection() if session.in_transaction() else None
    return connection is not None and connection.info.get(_WROTE, False)
