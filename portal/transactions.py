"""How a write works: one owner per transaction, safe on SQLite under concurrency.

Services change rows and flush; they never commit. One place commits:

- a request with an unsafe method (POST, PUT, PATCH, DELETE) is one transaction, committed by
  `end_request_transaction` (an after-request hook) when its response is below 400, and rolled
  back otherwise (a form refused, a 404, an error): a view never saves half its work;
- everywhere else (a GET page writing its audit events, CLI commands, the worker) the
  outermost `serialized()` block owns its transaction and commits it.

`serialized()` inside a transaction that is already someone's (a writing request, an outer
`serialized()`, or a caller with unsaved changes) joins it: a SAVEPOINT, so a block that fails
(a slot taken, an email already used) undoes only itself, and nothing is committed before the
owner decides. `audit()` follows the same rule.

SQLite allows one writer at a time. A transaction that began as a reader and writes later
("deferred") is refused outright ("database is locked") when another writer got in between,
and the busy timeout cannot help it: its snapshot is already out of date. So on SQLite every
transaction that may write takes the write lock at BEGIN (BEGIN IMMEDIATE), and waits its turn
(busy timeout) instead of failing; WAL lets readers go on meanwhile: a writing request begins
every transaction with BEGIN IMMEDIATE, and an owning `serialized()` ends the read
transaction (which changed nothing) and begins a write transaction.

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, Response, g, has_app_context, has_request_context, request
from sqlalchemy import Connection, Engine, event, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session

from portal.audit.pending import (
    has_pending_events,
    insert_events,
    requeue_events,
    take_pending_events,
)
from portal.extensions import db

_IMMEDIATE = "begin_immediate"
_WROTE = "wrote"  # connection.info: this transaction has changed something
_LOCKED = "locked"  # connection.info: this transaction took the write lock at BEGIN
_FLUSHED = "flushed"  # session.info: this transaction has written through the session
_OWNED = "serialized_owner"  # session.info: an owning serialized() block is open
_STANDING = "standing_writes"  # g: writes that stand whatever becomes of the request's own
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
    """Run the block as one write that others wait for (locking the given people's rows on
    PostgreSQL). Inside a transaction that is already someone's it joins it (a savepoint:
    on error only the block is undone, and the owner commits); otherwise it owns a new write
    transaction, commits it at the end and rolls it back on error. An owner writes the
    request's audit events so far in the same transaction (a GET that writes)."""
    if _joins_a_transaction():
        with db.session.begin_nested():
            _lock_people(user_ids)
            yield
        return
    db.session.rollback()  # end the read transaction (it changed nothing), so ours begins as asked
    with _owned_transaction(user_ids):
        yield


def _joins_a_transaction() -> bool:
    return _request_writes() or db.session.info.get(_OWNED, False) or _has_changes()


@contextmanager
def _owned_transaction(user_ids: tuple[int, ...] = ()) -> Iterator[None]:
    if _is_sqlite():  # (on PostgreSQL the transaction may have begun: it needs no lock)
        db.session.connection(execution_options={_IMMEDIATE: True})
    db.session.info[_OWNED] = True
    try:
        _lock_people(user_ids)
        yield
        _commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        db.session.info.pop(_OWNED, None)


def _commit() -> None:
    """Commit, with the audit events the request recorded so far and its standing writes
    (events that fail to be written wait for the next try)."""
    events = take_pending_events() if has_app_context() else []
    try:
        insert_events(events)
        run_standing_writes()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        requeue_events(events)
        raise


def _lock_people(user_ids: tuple[int, ...]) -> None:
    if user_ids and db.session.get_bind().dialect.name == "postgresql":
        people = db.metadata.tables["users"]  # by name: the core imports no area's models
        db.session.execute(
            select(people.c.id).where(people.c.id.in_(sorted(set(user_ids))))
            .order_by(people.c.id).with_for_update()
        )  # fmt: skip


def end_request_transaction(response: Response) -> Response:
    """The one place a request's work is saved: a writing request's transaction commits when
    its response is below 400 and rolls back otherwise. A reading request's transaction, which
    changed nothing, ends with COMMIT when it went through (`_end_reading`), and with ROLLBACK
    when it failed or left changes unsaved (they are never saved). The audit events the request
    recorded, and writes that stand whatever the outcome (`whatever_the_outcome`), are saved
    either way: with the request's work, or in a write transaction of their own (on
    PostgreSQL, a reading request's own transaction when it went through)."""
    if _request_writes() and response.status_code < 400:
        _commit()
        return response
    leaves_writes = has_pending_events() or g.get(_STANDING)
    if response.status_code >= 400 or _has_changes():
        _roll_back()  # what the request left unsaved is not saved
    elif not leaves_writes or _is_sqlite():
        # SQLite may not write in a transaction that began reading (the write lock is taken
        # at BEGIN: configure_sqlite_transactions): the reading one ends, a writing one
        # follows. PostgreSQL may, so there a page's read events commit with its reads: a
        # transaction of their own cost two more round trips on every staff page.
        _end_reading()
    if leaves_writes:
        with _owned_transaction():
            pass
    return response


def _end_reading() -> None:
    """End a reading request's transaction, which changed nothing, with COMMIT: the same as a
    rollback for it, but psycopg forgets every prepared statement at a ROLLBACK, so ending
    each page with one made PostgreSQL plan every query again on every request (the patient's
    plans, eight tables joined: most of /today's time in the database)."""
    try:
        db.session.commit()
    except SQLAlchemyError:
        _roll_back()


def _roll_back() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.remove()  # the connection is gone (an outage): drop the session with it


def whatever_the_outcome(write: Callable[[], None]) -> None:
    """Run `write` whatever becomes of the caller's transaction (a failed sign-in is counted
    even though the request answers 422): in a request, in its last transaction, after its
    own work committed or rolled back; elsewhere in `serialized()` (a command's own)."""
    if has_request_context():
        g.setdefault(_STANDING, []).append(write)
        return
    with serialized():
        write()


def run_standing_writes() -> None:
    for write in g.pop(_STANDING, []) if has_app_context() else []:
        write()


def register_transactions(app: Flask) -> None:
    app.after_request(end_request_transaction)
    for name, listener in (
        ("after_flush", _note_flush),
        ("do_orm_execute", _note_statement),
        ("after_commit", _forget_flushes),
        ("after_rollback", _forget_flushes),
    ):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def _note_flush(session: Session, _context) -> None:
    session.info[_FLUSHED] = True


def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_FLUSHED] = True


def _forget_flushes(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint released or undone: still ours
        session.info.pop(_FLUSHED, None)


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
    if _holds_write_lock() and not _has_changes() and not db.session().in_nested_transaction():
        db.session.rollback()  # it changed nothing: ending it saves nothing
    yield


def _has_changes() -> bool:
    session = db.session()
    if session.new or session.dirty or session.deleted or session.info.get(_FLUSHED):
        return True
    connection = session.connection() if session.in_transaction() else None
    return connection is not None and connection.info.get(_WROTE, False)
