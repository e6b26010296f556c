"""Statements built once per process, for the queries every request or busy page runs.

Building a SELECT with its joins and loader options costs about as much as running it on a
small table (0.1 to 0.2 ms), and SQLAlchemy computes the cache key of every new statement
object again; a statement built once, with bind parameters for what varies, pays for neither
after its first use. `built_once` builds it on first use (the models are all mapped by then),
once per distinct argument list.

Row counts (LIMIT, OFFSET) are written into the SQL text when a statement runs (`row_count`,
`bound_row_count`), not sent as parameters. psycopg prepares a statement run five times, and
PostgreSQL then keeps one plan for every run only if that plan, made without the parameters'
values, looks no dearer than planning each run afresh; not knowing how many rows a LIMIT
asks for, it assumes a tenth of them, and so went on planning the dashboard's ranking on
every request (0.4 ms of the database's time). SQLAlchemy's `literal_execute` writes the
values in as the statement runs, and the compiled statement stays cached.

A statement that reads columns, not model objects, runs through `read()`: on the session's
connection, in its transaction, without the work the ORM session does around every statement
it runs (its execution events, its result set up for objects): 0.05 to 0.1 ms a statement,
a tenth of the patient's day page.
"""

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, ParamSpec, TypeVar, TypeVarTuple

from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    CursorResult,
    Integer,
    Select,
    bindparam,
    literal,
)
from sqlalchemy.orm import Session

from portal.extensions import db

P = ParamSpec("P")
T = TypeVar("T")
Columns = TypeVarTuple("Columns")


def built_once(build: Callable[P, T]) -> Callable[P, T]:
    return cache(build)  # type: ignore[return-value]  # the same call, remembered


def row_count(value: int) -> BindParameter[int]:
    """A fixed LIMIT or OFFSET, written into the statement's text."""
    return literal(value, Integer, literal_execute=True)


def bound_row_count(name: str) -> BindParameter[int]:
    """A LIMIT or OFFSET given when the statement runs, written into its text then."""
    return bindparam(name, type_=Integer, literal_execute=True)


def read(
    statement: Select[*Columns] | CompoundSelect[*Columns],
    values: Mapping[str, Any] | None = None,
    session: Session | None = None,
) -> CursorResult[*Columns]:
    """The rows of a SELECT (or a UNION of them) of columns, run in the transaction of
    `session` (default: the request's). Changes the session holds are flushed first, as the
    session would before a query of its own (unless it is told not to autoflush), so the rows
    include them. Only for reading: the session's watch for writes
    (transactions._note_statement) does not see what runs here."""
    session = session or db.session()
    # What the session runs before its own queries: not when told not to, nor while a flush
    # is in progress (a flush listener reading), and returning at once when nothing changed.
    session._autoflush()
    return session.connection().execute(statement, values)
