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
"""

from collections.abc import Callable
from functools import cache
from typing import ParamSpec, TypeVar

from sqlalchemy import BindParameter, Integer, bindparam, literal

P = ParamSpec("P")
T = TypeVar("T")


def built_once(build: Callable[P, T]) -> Callable[P, T]:
    return cache(build)  # type: ignore[return-value]  # the same call, remembered


def row_count(value: int) -> BindParameter[int]:
    """A fixed LIMIT or OFFSET, written into the statement's text."""
    return literal(value, Integer, literal_execute=True)


def bound_row_count(name: str) -> BindParameter[int]:
    """A LIMIT or OFFSET given when the statement runs, written into its text then."""
    return bindparam(name, type_=Integer, literal_execute=True)
