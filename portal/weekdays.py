"""Which days of the week: a 7-bit mask, Monday = bit 0 … Sunday = bit 6, so "which days" is
one integer column with a CHECK constraint rather than a join table."""

from collections.abc import Iterable
from datetime import date

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EVERY_DAY = 0b1111111
WEEKDAYS_ONLY = 0b0011111


def weekdays_to_mask(weekdays: Iterable[int]) -> int:
    mask = 0
    for weekday in weekdays:
        if not 0 <= weekday <= 6:
            raise ValueError(f"weekday {weekday} is not 0 (Monday) to 6 (Sunday)")
        mask |= 1 << weekday
    return mask


def mask_to_weekdays(mask: int) -> list[int]:
    return [weekday for weekday in range(7) if mask & (1 << weekday)]


def is_due_on(mask: int, day: date) -> bool:
    return bool(mask & (1 << day.weekday()))


def describe_weekdays(mask: int) -> str:
    """'every day', 'on weekdays', 'on Mon, Wed and Fri'."""
    if mask == EVERY_DAY:
        return "every day"
    if mask == WEEKDAYS_ONLY:
        return "on weekdays"
    names = [WEEKDAY_NAMES[weekday] for weekday in mask_to_weekdays(mask)]
    if not names:
        return "on no day"
    if len(names) == 1:
        return f"on {names[0]}"
    return f"on {', '.join(names[:-1])} and {names[-1]}"
