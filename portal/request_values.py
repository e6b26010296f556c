"""Reading ids and dates that arrive in URLs and forms, refusing the absurd ones quietly:
an id no database holds, a date far from today (year 1, year 9999) that would overflow."""

from datetime import date, datetime, timedelta

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1
DATE_REACH = timedelta(days=2 * 366)


class BoundedIntConverter(IntegerConverter):
    """Ids in URLs fit a database integer: a larger number becomes id 0, which no record
    has, so the view answers 404 as for any other unknown id. (Refusing it in the converter
    instead makes Werkzeug answer 405 for some routes.)"""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= MAX_ID else 0


def parse_id(raw: str | None) -> int | None:
    """An id from a URL or form: ASCII digits that fit a database integer, else None.
    ("³" and "２" are digits to str.isdigit() but not to int().)"""
    if not raw or not (raw.isascii() and raw.isdigit()) or len(raw) > 10 or int(raw) > MAX_ID:
        return None
    return int(raw)


def parse_date(raw: str | None, around: date, reach: timedelta = DATE_REACH) -> date | None:
    """A YYYY-MM-DD date within `reach` of `around`, or None."""
    try:
        day = datetime.strptime(raw or "", "%Y-%m-%d").date()  # noqa: DTZ007  (a date only)
    except ValueError:
        return None
    return day if near(day, around, reach) else None


def near(day: date, around: date, reach: timedelta = DATE_REACH) -> bool:
    return abs((day - around).days) <= reach.days
