"""psycopg cursors that describe a result's columns only when something reads them.

After every SELECT, SQLAlchemy asks the cursor for its `description`, but only to see whether
the statement returned rows: the columns of a statement it has run before are known from its
cached compiled form. psycopg builds the description afresh on every access, one Column per
column (its name decoded, its type looked up): 36 for a patient's plans, 62 on each /today,
about a twentieth of that page's time. Here `description` is a sequence of psycopg's own
Columns, built the first time it is read.
"""

from collections.abc import Iterator
from typing import Any

import psycopg
from psycopg import Column
from psycopg.pq import ExecStatus
from psycopg.pq.abc import PGresult

# What psycopg's own description checks: a result with columns, or one that says it has rows.
_ROWS = frozenset({ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK})


class Description:
    """A result's columns, as psycopg describes them, built when first read."""

    __slots__ = ("_columns", "_count", "_cursor", "_result")

    def __init__(self, cursor: psycopg.Cursor[Any], result: PGresult) -> None:
        self._cursor, self._result, self._count = cursor, result, result.nfields
        self._columns: list[Column] | None = None

    def _built(self) -> list[Column]:
        if self._columns is None:
            # A Column reads the cursor's current result: this one's, only until it runs again.
            if self._cursor.pgresult is not self._result:
                raise RuntimeError("a result's description read after its cursor ran again")
            self._columns = [Column(self._cursor, index) for index in range(self._count)]
        return self._columns

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:
        return self._built()[index]

    def __iter__(self) -> Iterator[Column]:
        return iter(self._built())

    def __repr__(self) -> str:
        return repr(self._built())


class DescribedWhenAskedCursor(psycopg.Cursor):
    @property
    def description(self) -> Description | None:  # type: ignore[override]  # a sequence of Columns
        result = self.pgresult
        if result is not None and (result.nfields or result.status in _ROWS):
            return Description(self, result)
        return None
