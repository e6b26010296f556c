"""The dose sentence a patient reads, generated from the numbers so the two never disagree."""

import enum

from portal.languages import gettext as _
from portal.languages import lazy_gettext as _l
from portal.languages import ngettext
from portal.weekdays import EVERY_DAY, describe_weekdays

_TIMES_PER_DAY = {1: _l("once a day"), 2: _l("twice a day"), 3: _l("three times a day")}


class Side(enum.StrEnum):
    """Where an item is done: one side, both sides, or no side (a midline point, most exercises)."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    NONE = "none"


# Whole phrases, not a phrase plus a side: each language puts the side where it belongs.
_PRESS = {
    Side.LEFT: _l("Press firmly in small circles for %(duration)s on the left side"),
    Side.RIGHT: _l("Press firmly in small circles for %(duration)s on the right side"),
    Side.BOTH: _l("Press firmly in small circles for %(duration)s on each side"),
    Side.NONE: _l("Press firmly in small circles for %(duration)s"),
}
_HOLD = {
    Side.LEFT: _l("%(sets)s, holding each for %(duration)s, on the left side"),
    Side.RIGHT: _l("%(sets)s, holding each for %(duration)s, on the right side"),
    Side.BOTH: _l("%(sets)s, holding each for %(duration)s, on each side"),
    Side.NONE: _l("%(sets)s, holding each for %(duration)s"),
}


def duration_phrase(seconds: int) -> str:
    """60 → '1 minute', 90 → '90 seconds', 120 → '2 minutes'."""
    if seconds % 60 == 0:
        return ngettext("%(num)d minute", "%(num)d minutes", seconds // 60)
    return ngettext("%(num)d second", "%(num)d seconds", seconds)


def times_per_day_phrase(times: int) -> str:
    if times in _TIMES_PER_DAY:
        return str(_TIMES_PER_DAY[times])
    return ngettext("%(num)d time a day", "%(num)d times a day", times)


def _when(times_per_day: int | None, weekdays_mask: int) -> str | None:
    days = describe_weekdays(weekdays_mask) if weekdays_mask != EVERY_DAY else None
    if times_per_day is None:
        return days
    times = times_per_day_phrase(times_per_day)
    return _("%(times)s %(days)s", times=times, days=days) if days else times


def _sentence(dose: str, when: str | None) -> str:
    if when:
        return _("%(dose)s, %(when)s.", dose=dose, when=when)
    return _("%(sentence)s.", sentence=dose)  # a full stop in the language's own script


def acupressure_dose_sentence(
    hold_seconds: int,
    side: Side,
    times_per_day: int | None = None,
    weekdays_mask: int = EVERY_DAY,
) -> str:
    """'Press firmly in small circles for 90 seconds on each side, twice a day.'"""
    if hold_seconds <= 0:
        raise ValueError("hold_seconds must be positive")
    dose = _PRESS[side] % {"duration": duration_phrase(hold_seconds)}
    return _sentence(dose, _when(times_per_day, weekdays_mask))


def exercise_dose_sentence(
    sets: int,
    reps: int,
    hold_seconds: int,
    side: Side,
    times_per_day: int | None = None,
    weekdays_mask: int = EVERY_DAY,
) -> str:
    """'2 sets of 10, holding each for 10 seconds, on each side, once a day.'"""
    if sets <= 0 or reps <= 0 or hold_seconds <= 0:
        raise ValueError("sets, repetitions and hold must be positive")
    sets_phrase = ngettext("%(num)d set of %(reps)d", "%(num)d sets of %(reps)d", sets, reps=reps)
    dose = _HOLD[side] % {"sets": sets_phrase, "duration": duration_phrase(hold_seconds)}
    return _sentence(dose, _when(times_per_day, weekdays_mask))
