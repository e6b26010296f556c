"""The dose sentence a patient reads, generated from the numbers so the two never disagree."""

import enum

from portal.weekdays import EVERY_DAY, describe_weekdays

_TIMES_PER_DAY = {1: "once a day", 2: "twice a day", 3: "three times a day"}


class Side(enum.StrEnum):
    """Where an item is done: one side, both sides, or no side (a midline point, most exercises)."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    NONE = "none"


_SIDE_PHRASES = {
    Side.LEFT: " on the left side",
    Side.RIGHT: " on the right side",
    Side.BOTH: " on each side",
    Side.NONE: "",
}


def duration_phrase(seconds: int) -> str:
    """60 → '1 minute', 90 → '90 seconds', 120 → '2 minutes'."""
    if seconds % 60 == 0:
        minutes = seconds // 60
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"{seconds} seconds"


def times_per_day_phrase(times: int) -> str:
    return _TIMES_PER_DAY.get(times, f"{times} times a day")


def _when(times_per_day: int | None, weekdays_mask: int) -> str:
    parts = []
    if times_per_day is not None:
        parts.append(times_per_day_phrase(times_per_day))
    if weekdays_mask != EVERY_DAY:
        parts.append(describe_weekdays(weekdays_mask))
    return ", " + " ".join(parts) if parts else ""


def acupressure_dose_sentence(
    hold_seconds: int,
    side: Side,
    times_per_day: int | None = None,
    weekdays_mask: int = EVERY_DAY,
) -> str:
    """'Press firmly in small circles for 90 seconds on each side, twice a day.'"""
    if hold_seconds <= 0:
        raise ValueError("hold_seconds must be positive")
    return (
        f"Press firmly in small circles for {duration_phrase(hold_seconds)}"
        f"{_SIDE_PHRASES[side]}{_when(times_per_day, weekdays_mask)}."
    )


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
    sets_phrase = "1 set" if sets == 1 else f"{sets} sets"
    side_phrase = f",{_SIDE_PHRASES[side]}" if side is not Side.NONE else ""
    return (
        f"{sets_phrase} of {reps}, holding each for {duration_phrase(hold_seconds)}"
        f"{side_phrase}{_when(times_per_day, weekdays_mask)}."
    )
