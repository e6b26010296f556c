"""Which days of the week: a 7-bit mask, Monday = bit 0 … Sunday = bit 6, so "which days" is
one integer column with a CHECK constraint rather than a join table."""

from collections.abc import Iterable
from datetime import date
from typing import Literal

from babel.dates import get_day_names

from portal.languages import DEFAULT_LANGUAGE, current_language
from portal.languages import gettext as _

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


def short_weekday_names() -> tuple[str, ...]:
    """Mon … Sun in the response's language (CLDR's abbreviations outside English)."""
    language = current_language()
    return WEEKDAY_NAMES if language == DEFAULT_LANGUAGE else _cldr_names("abbreviated", language)


def _cldr_names(width: Literal["abbreviated", "wide"], language: str) -> tuple[str, ...]:
    names = get_day_names(width, locale=language)
    return tuple(names[weekday] for weekday in range(7))


def describe_weekdays(mask: int) -> str:
    """'every day', 'on weekdays', 'on Mon, Wed and Fri'; other languages name the days in
    full ('हर सोमवार, बुधवार और शुक्रवार'): their abbreviations read poorly in a sentence."""
    if mask == EVERY_DAY:
        return _("every day")
    if mask == WEEKDAYS_ONLY:
        return _("on weekdays")
    language = current_language()
    weekday_names = WEEKDAY_NAMES if language == DEFAULT_LANGUAGE else _cldr_names("wide", language)
    names = [weekday_names[weekday] for weekday in mask_to_weekdays(mask)]
    if not names:
        return _("on no day")
    if len(names) == 1:
        return _("on %(day)s", day=names[0])
    return _("on %(days)s and %(last)s", days=", ".join(names[:-1]), last=names[-1])
