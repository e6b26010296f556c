"""Checks on working hours and time off, as plain functions."""

from collections.abc import Iterable
from datetime import time

from portal.booking.slots import WorkingWindow


def window_problem(new: WorkingWindow, existing: Iterable[WorkingWindow]) -> str | None:
    """Why a new weekly window cannot be added, or None."""
    if new.starts >= new.ends:
        return "The end must be after the start."
    for window in existing:
        if window.weekday == new.weekday and new.starts < window.ends and window.starts < new.ends:
            return f"This overlaps {_clock(window.starts)}–{_clock(window.ends)} on the same day."
    return None


def _clock(moment: time) -> str:
    return moment.strftime("%H:%M")
