"""When a patient's daily reminder falls due: pure rules over a chosen wall-clock time, the
last day already settled, the patient's zone and an instant.

A day is settled once: by the reminder sent for it, by finding nothing left to remind of, or
by choosing a time that had already passed that day (the first reminder is then tomorrow's,
not one sent minutes after saving)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from portal.localtime import Zone, to_local

STEP_MINUTES = 30
EARLIEST = time(5, 0)
LATEST = time(22, 0)


def reminder_times() -> list[time]:
    """The times a patient may choose: every half hour from 5 am to 10 pm."""
    times, minutes = [], EARLIEST.hour * 60 + EARLIEST.minute
    while minutes <= LATEST.hour * 60 + LATEST.minute:
        times.append(time(minutes // 60, minutes % 60))
        minutes += STEP_MINUTES
    return times


def due_day(
    remind_at: time | None, settled_until: date | None, zone: Zone, now: datetime
) -> date | None:
    """The patient's local day whose reminder is due at `now`, or None: no time chosen, the
    time not reached yet today, or today already settled."""
    if remind_at is None:
        return None
    local = to_local(now, zone)
    today = local.date()
    if settled_until is not None and settled_until >= today:
        return None
    if local.time() < remind_at:
        return None
    return today


def settled_on_choosing(
    remind_at: time | None, settled_until: date | None, zone: Zone, now: datetime
) -> date | None:
    """What `settled_until` becomes when the patient chooses `remind_at` at `now`: a time that
    has already passed today starts tomorrow, and a day already reminded stays settled."""
    if remind_at is None:
        return settled_until
    local = to_local(now, zone)
    if local.time() < remind_at:
        return settled_until
    return max(settled_until or local.date(), local.date())


def next_reminder_day(
    remind_at: time | None, settled_until: date | None, zone: Zone, now: datetime
) -> date | None:
    """The local day the next reminder may go out (if something is left to do that day)."""
    if remind_at is None:
        return None
    today = to_local(now, zone).date()
    if settled_until is not None and settled_until >= today:
        return today + timedelta(days=1)
    return today


@dataclass(frozen=True)
class PracticeReminder:
    """What one reminder says: the day and the names of what is still to do."""

    day: date
    techniques: tuple[str, ...]


def reminder_content(day: date, still_to_do: list[str], on_hold: bool) -> PracticeReminder | None:
    """The reminder for `day`, or None when there is nothing to send: all done (or nothing
    planned), or the patient was told to leave all practice until a doctor has seen them."""
    if on_hold or not still_to_do:
        return None
    return PracticeReminder(day, tuple(still_to_do))
