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


def parse_whole_number(raw: str | None, max_digits: int) -> int | None:
    """A whole number of at most `max_digits` ASCII digits, else None.
    ("³" and "¹" are digits to str.isdigit() but not to int(); "２" is one to int() but no
    number we print.)"""
    if not raw or len(raw) > max_digits or not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw)


def parse_id(raw: str | None) -> int | None:
    """An id from a URL or form: ASCII digits that fit a database integer, else None."""
    number = parse_whole_number(raw, max_digits=10)
    return number if number is not None and number <= MAX_ID else None


def parse_date(raw: str | None, around: date, reach: timedelta = DATE_REACH) -> date | None:
    """A YYYY-MM-DD date within `reach` of `around`, or None."""
    try:
        day = datetime.strptime(raw or "", "%Y-%m-%d").date()  # noqa: DTZ007  (a date only)
    except ValueError:
        return None
    return day if near(day, around, reach) else None


def near(day: date, around: date, reach: timedelta = DATE_REACH) -> bool:
    return abs((day - around).days) <= reach.days
