"""Free appointment slots: working hours minus time off, appointments and buffers.

Plain values in, plain values out. Working hours are wall-clock times in the centre's
timezone; everything else is an aware UTC instant. Candidate starts are laid on a 15-minute
grid in absolute time from the start of each working window, so a day that loses or gains
an hour to daylight saving simply has fewer or more real slots: none vanish, none repeat.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

GRID = timedelta(minutes=15)
DEFAULT_LEAD = timedelta(hours=2)
DEFAULT_HORIZON = timedelta(days=30)


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    """Half-open intervals [start, end) and [other_start, other_end) share a moment."""
    return start < other_end and other_start < end


@dataclass(frozen=True)
class WorkingWindow:
    weekday: int  # 0 = Monday
    starts: time  # local wall-clock time
    ends: time


@dataclass(frozen=True)
class Busy:
    """Time already taken: an appointment (with its own buffer) or time off (no buffer)."""

    start: datetime
    end: datetime
    buffer: timedelta = timedelta(0)


@dataclass(frozen=True)
class SlotRequest:
    duration: timedelta
    buffer: timedelta = timedelta(0)
    lead: timedelta = DEFAULT_LEAD
    horizon: timedelta = DEFAULT_HORIZON


def clashes(start: datetime, end: datetime, buffer: timedelta, busy: Busy) -> bool:
    """A visit clashes with busy time if either one's buffer runs into the other itself.

    Buffers may overlap each other: one stretch of travel serves both visits.
    """
    return overlaps(start - buffer, end + buffer, busy.start, busy.end) or overlaps(
        start, end, busy.start - busy.buffer, busy.end + busy.buffer
    )


def local_window(day: date, window: WorkingWindow, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The window's start and end on `day`, as UTC instants (the offset of that very day)."""
    start = datetime.combine(day, window.starts, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day, window.ends, tzinfo=zone).astimezone(UTC)
    return start, end


def free_slots(
    *,
    timezone: str,
    windows: Sequence[WorkingWindow],
    busy: Iterable[Busy],
    request: SlotRequest,
    now: datetime,
    first_day: date,
    last_day: date,
) -> list[datetime]:
    """Start instants (UTC) of every free slot from first_day to last_day, local dates."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    zone = ZoneInfo(timezone)
    busy = sorted(busy, key=lambda b: b.start)
    earliest = now + request.lead
    latest_day = (now + request.horizon).astimezone(zone).date()
    slots: list[datetime] = []
    day = first_day
    while day <= min(last_day, latest_day):
        for window in (w for w in windows if w.weekday == day.weekday()):
            slots.extend(_window_slots(day, window, zone, busy, request, earliest))
        day += timedelta(days=1)
    return slots


def _window_slots(day, window, zone, busy, request, earliest) -> list[datetime]:
    window_start, window_end = local_window(day, window, zone)
    found = []
    start = window_start
    while start + request.duration <= window_end:
        end = start + request.duration
        if start >= earliest and not any(
            clashes(start, end, request.buffer, taken) for taken in busy
        ):
            found.append(start)
        start += GRID
    return found


def slot_is_free(start: datetime, **kwargs) -> bool:
    """Whether one exact start is among the free slots (used to check a submitted choice)."""
    zone = ZoneInfo(kwargs["timezone"])
    day = start.astimezone(zone).date()
    return start in free_slots(first_day=day, last_day=day, **kwargs)
