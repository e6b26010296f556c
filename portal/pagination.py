"""Staff lists one page at a time: a fixed number of rows, whatever the table holds.

Offset pages, fetched one row past the page to learn whether another follows, so no COUNT
runs over a big table. Offsets rather than keyset cursors: every list here is worked from its
first page (the oldest open requests, the newest audit events), a page number survives a
bookmark next to any filter, and a deep page is rare and capped at MAX_PAGE.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Select

from portal.extensions import db
from portal.request_values import parse_whole_number
from portal.statements import row_count

T = TypeVar("T")

MAX_PAGE = 1000  # beyond this, narrow the filter: an offset this deep is no longer cheap


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_number(raw: str | None) -> int:
    """?page= as a page number: anything absurd is the first page, a deep one the last we serve."""
    number = parse_whole_number(raw, max_digits=6)
    if number is None:
        return 1
    return min(max(number, 1), MAX_PAGE)


def page_bounds(number: int, size: int) -> tuple[int, int]:
    """(offset, limit) for page `number`: one row more than a page, to see if another follows."""
    return (number - 1) * size, size + 1


def page_from_rows(rows: Sequence[T], number: int, size: int) -> Page[T]:
    return Page(items=list(rows[:size]), number=number, has_next=len(rows) > size)


def paginate(query: Select, number: int, size: int) -> Page:
    """One page of an ordered query. The order must end on a unique column (usually id) so
    that rows with equal sort keys do not swap between pages."""
    offset, limit = page_bounds(number, size)
    rows = db.session.scalars(query.offset(row_count(offset)).limit(row_count(limit))).all()
    return page_from_rows(rows, number, size)
