"""Free appointment slots: working hours minus time off, appointments and buffers.

Plain values in, plain values out. Working hours are wall-clock times in the centre's
timezone; everything else is an aware UTC instant. Candidate starts are laid on a 15-minute
grid in absolute time from the start of each working window, so a day that loses or gains
an hour to daylight saving simply has fewer or more real slots: none vanish, none repeat.
"""

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
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
    diary = Diary.of(timezone=timezone, windows=windows, busy=busy, request=request, now=now)
    return list(diary.slots(first_day, last_day))


def blocked_starts(busy: Iterable[Busy], request: SlotRequest) -> list[tuple[datetime, datetime]]:
    """The starts that clash with busy time, as sorted, disjoint open intervals (low, high).

    A visit starting at s clashes with `taken` exactly when
    taken.start - duration - m < s < taken.end + m, m the larger of the two buffers (see
    `clashes`: each buffer gives such an interval and the larger one contains the other).
    """
    spans = sorted(_blocked_by(taken, request) for taken in busy)
    merged: list[tuple[datetime, datetime]] = []
    for low, high in spans:
        if low >= high:
            continue
        if merged and low < merged[-1][1]:  # open intervals that only touch stay apart
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _blocked_by(taken: Busy, request: SlotRequest) -> tuple[datetime, datetime]:
    margin = max(request.buffer, taken.buffer)
    return taken.start - request.duration - margin, taken.end + margin


@dataclass(frozen=True)
class Diary:
    """One therapist's free time for one kind of visit, asked day by day.

    Busy time is turned once into sorted blocked intervals of start instants; each working
    window then walks its grid and jumps over them, so the cost follows the slots asked for,
    not slots × appointments.
    """

    zone: ZoneInfo
    windows: Sequence[WorkingWindow]
    blocked: list[tuple[datetime, datetime]]
    blocked_until: list[datetime]  # each blocked interval's end, for bisecting
    request: SlotRequest
    earliest: datetime
    latest_day: date

    @classmethod
    def of(cls, *, timezone, windows, busy, request: SlotRequest, now: datetime) -> "Diary":
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        zone = ZoneInfo(timezone)
        blocked = blocked_starts(busy, request)
        return cls(
            zone=zone,
            windows=tuple(windows),
            blocked=blocked,
            blocked_until=[high for _, high in blocked],
            request=request,
            earliest=now + request.lead,
            latest_day=(now + request.horizon).astimezone(zone).date(),
        )

    def slots(self, first_day: date, last_day: date) -> Iterator[datetime]:
        """Free starts from first_day to last_day (local dates), day by day, window by window."""
        day = first_day
        while day <= min(last_day, self.latest_day):
            for window in (w for w in self.windows if w.weekday == day.weekday()):
                yield from self._window_slots(day, window)
            day += timedelta(days=1)

    def is_open(self, day: date) -> bool:
        """Whether `day` has at least one free slot (stops at the first)."""
        return next(self.slots(day, day), None) is not None

    def _window_slots(self, day: date, window: WorkingWindow) -> Iterator[datetime]:
        window_start, window_end = local_window(day, window, self.zone)
        last_start = window_end - self.request.duration
        start = _grid_at_or_after(window_start, max(window_start, self.earliest))
        highs = self.blocked_until
        index = bisect_right(highs, start)  # the first interval that ends after `start`
        while start <= last_start:
            while index < len(highs) and highs[index] <= start:
                index += 1
            if index < len(highs) and self.blocked[index][0] < start:
                start = _grid_at_or_after(window_start, highs[index])
                continue
            yield start
            start += GRID


def _grid_at_or_after(origin: datetime, moment: datetime) -> datetime:
    """The first instant origin + n·GRID (n ≥ 0) that is not before `moment`."""
    steps = -((origin - moment) // GRID)  # ceiling division
    return origin + max(steps, 0) * GRID


def slot_is_free(start: datetime, **kwargs) -> bool:
    """Whether one exact start is among the free slots (used to check a submitted choice)."""
    zone = ZoneInfo(kwargs["timezone"])
    day = start.astimezone(zone).date()
    return start in free_slots(first_day=day, last_day=day, **kwargs)
