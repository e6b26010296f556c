"""Write transactions that must not interleave: booking a slot, claiming an email to send.

SQLite: Python's driver opens transactions lazily, so two requests can both read "free" and
then both write; and a transaction that read first and writes later can be refused outright
("database is locked") when another writer got in between. Following SQLAlchemy's recipe we
let SQLAlchemy emit BEGIN itself, and these transactions ask for BEGIN IMMEDIATE, which takes
the write lock before the first read.

PostgreSQL: the exclusion constraints already forbid overlaps; locking the therapist's and
the patient's rows as well serializes bookings for the same people, so buffers (travel time),
which no constraint expresses, are respected too.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import has_app_context
from sqlalchemy import Engine, event, select

from portal.accounts.models import User
from portal.audit.pending import insert_events, requeue_events, take_pending_events
from portal.extensions import db

_IMMEDIATE = "begin_immediate"


def configure_sqlite_transactions(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _let_sqlalchemy_begin(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def serialized(*user_ids: int) -> Iterator[None]:
    """Run the block in one write transaction that others wait for (locking the given
    people's rows on PostgreSQL); commit at the end, roll back on error. The request's audit
    events so far are written in the same transaction."""
    db.session.commit()  # end the request's read transaction, so ours can begin as we ask
    db.session.connection(execution_options={_IMMEDIATE: True})
    if user_ids and db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            select(User.id).where(User.id.in_(sorted(set(user_ids)))).order_by(User.id)
            .with_for_update()
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
