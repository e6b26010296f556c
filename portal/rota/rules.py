"""Checks on working hours and time off, as plain functions."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from portal.booking.slots import WorkingWindow, overlaps
from portal.localtime import clock


def window_problem(new: WorkingWindow, existing: Iterable[WorkingWindow]) -> str | None:
    """Why a new weekly window cannot be added, or None."""
    if new.starts >= new.ends:
        return "The end must be after the start."
    for window in existing:
        if window.weekday == new.weekday and new.starts < window.ends and window.starts < new.ends:
            return (
                f"This overlaps {clock(window.starts, '24h')}–{clock(window.ends, '24h')} "
                "on the same day."
            )
    return None


CANCEL, KEEP = "cancel", "keep"


@dataclass(frozen=True)
class Booked:
    id: int
    starts_at: datetime
    ends_at: datetime


def clashing(booked: Iterable[Booked], starts_at: datetime, ends_at: datetime) -> list[int]:
    """The booked appointments that time off from `starts_at` to `ends_at` would overlap."""
    return [b.id for b in booked if overlaps(b.starts_at, b.ends_at, starts_at, ends_at)]


def time_off_blockers(clashes: Iterable[int], decisions: Mapping[int, str]) -> list[int]:
    """Clashing appointments that stop the time off being saved: every one needs the
    decision to cancel it; one kept (to be moved first) or not decided blocks it."""
    return [appointment_id for appointment_id in clashes if decisions.get(appointment_id) != CANCEL]


def decisions_from(form: Mapping[str, str], clashes: Iterable[int]) -> dict[int, str]:
    """The desk's choice per clashing appointment (fields `clash-<id>`), or `all=cancel`."""
    if form.get("all") == CANCEL:
        return dict.fromkeys(clashes, CANCEL)
    return {
        appointment_id: form[f"clash-{appointment_id}"]
        for appointment_id in clashes
        if form.get(f"clash-{appointment_id}") in (CANCEL, KEEP)
    }
