"""The dose sentence a patient reads, generated from the numbers so the two never disagree."""

from portal.guide.models import PointSides

_TIMES_PER_DAY = {1: "once a day", 2: "twice a day", 3: "three times a day"}


def duration_phrase(seconds: int) -> str:
    """60 → '1 minute', 90 → '90 seconds', 120 → '2 minutes'."""
    if seconds % 60 == 0:
        minutes = seconds // 60
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"{seconds} seconds"


def times_per_day_phrase(times: int) -> str:
    return _TIMES_PER_DAY.get(times, f"{times} times a day")


def acupressure_dose_sentence(
    hold_seconds: int, sides: PointSides, times_per_day: int | None = None
) -> str:
    """'Press firmly in small circles for 90 seconds on each side, twice a day.'"""
    if hold_seconds <= 0:
        raise ValueError("hold_seconds must be positive")
    parts = [f"Press firmly in small circles for {duration_phrase(hold_seconds)}"]
    if sides is PointSides.BOTH:
        parts.append(" on each side")
    if times_per_day is not None:
        parts.append(f", {times_per_day_phrase(times_per_day)}")
    return "".join(parts) + "."
