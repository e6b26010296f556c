"""Proposing a course of sessions: plain values in, plain values out.

A course is `sessions` visits with one therapist, on chosen weekdays from a first day, each at
the patient's preferred local time. A proposed time is free by exactly the rules of a single
booking (the therapist's `Diary`: working hours, time off, appointments with their buffers,
lead time, horizon, the 15-minute grid) and the patient has nothing else then. A time that is
not free is shown with why (its clash) and the nearest free times to pick from instead: the
same day first, then the days around it.
"""

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from portal.booking.slots import Busy, Diary, clashes, local_window, overlaps

ALTERNATIVES = 3
NEARBY_DAYS = 3  # alternatives come from the session's day and up to this many days around it
MAX_SESSIONS = 30
COURSE_HORIZON = timedelta(weeks=16)  # a course is booked further ahead than a single visit


class Reason(enum.StrEnum):
    TOO_SOON = "too soon to book"
    TOO_FAR = "too far ahead to book"
    NOT_WORKING = "the therapist does not work then"
    TIME_OFF = "the therapist is on time off"
    THERAPIST_BOOKED = "the therapist has another appointment"
    PATIENT_BOOKED = "the patient has another appointment"
    COURSE_SESSION = "another session of this course is then"
    NOT_A_SLOT = "not a bookable time"


@dataclass(frozen=True)
class Taken:
    """Busy time with what it is, to say why a time is not free."""

    busy: Busy
    reason: Reason


@dataclass(frozen=True)
class CourseRequest:
    weekdays: frozenset[int]  # 0 = Monday
    preferred: time  # local wall-clock time
    sessions: int
    first_day: date


@dataclass(frozen=True)
class CourseDiary:
    """What decides whether a start is free: the therapist's diary (single-booking rules) and
    everything taken, labelled (the therapist's time off and appointments, the patient's)."""

    therapist: Diary
    taken: Sequence[Taken]
    duration: timedelta
    buffer: timedelta

    def why_not(self, start: datetime, others: Sequence[datetime] = ()) -> Reason | None:
        """None when `start` is free (and clear of the course's `others`), else why not."""
        reason = self._clash(start, others)
        if reason is None:
            day = start.astimezone(self.therapist.zone).date()
            if start not in set(self.therapist.slots(day, day)):
                return Reason.NOT_A_SLOT  # off the grid, or in a gap too short for the visit
        return reason

    def free_starts(self, day: date, others: Sequence[datetime] = ()) -> list[datetime]:
        """The free starts of one local day: the therapist's slots the patient can come to."""
        return [s for s in self.therapist.slots(day, day) if self._clash(s, others) is None]

    def _clash(self, start: datetime, others: Sequence[datetime]) -> Reason | None:
        end = start + self.duration
        if start < self.therapist.earliest:
            return Reason.TOO_SOON
        if start.astimezone(self.therapist.zone).date() > self.therapist.latest_day:
            return Reason.TOO_FAR
        if not self._within_working_hours(start, end):
            return Reason.NOT_WORKING
        for taken in self.taken:
            if taken.reason is Reason.PATIENT_BOOKED:
                if overlaps(start, end, taken.busy.start, taken.busy.end):
                    return taken.reason
            elif clashes(start, end, self.buffer, taken.busy):
                return taken.reason
        session = [Busy(other, other + self.duration, self.buffer) for other in others]
        if any(clashes(start, end, self.buffer, busy) for busy in session):
            return Reason.COURSE_SESSION
        return None

    def _within_working_hours(self, start: datetime, end: datetime) -> bool:
        day = start.astimezone(self.therapist.zone).date()
        return any(
            low <= start and end <= high
            for window in self.therapist.windows
            if window.weekday == day.weekday()
            for low, high in [local_window(day, window, self.therapist.zone)]
        )


@dataclass(frozen=True)
class ProposedSession:
    number: int  # 1, 2, …
    wanted: datetime  # the preferred time on the session's day (UTC)
    clash: Reason | None  # why `wanted` is not free; None: it is proposed as it is
    alternatives: list[datetime] = field(default_factory=list)  # nearest free, when it clashes

    @property
    def proposed(self) -> datetime | None:
        return self.wanted if self.clash is None else None


def course_days(request: CourseRequest) -> list[date]:
    """The first `sessions` days from first_day that fall on the chosen weekdays."""
    if not request.weekdays or request.sessions < 1:
        return []
    days: list[date] = []
    day = request.first_day
    while len(days) < request.sessions:
        if day.weekday() in request.weekdays:
            days.append(day)
        day += timedelta(days=1)
    return days


def wanted_start(day: date, preferred: time, diary: CourseDiary) -> datetime:
    """The preferred wall-clock time on `day`, with that day's own UTC offset."""
    return datetime.combine(day, preferred, diary.therapist.zone).astimezone(UTC)


def propose(request: CourseRequest, diary: CourseDiary) -> list[ProposedSession]:
    """One session per course day at the preferred time, or its clash and alternatives.

    Sessions already proposed count as taken for the alternatives of later ones, so picking
    the first alternative of every clash never gives two sessions at once."""
    wanted = [wanted_start(d, request.preferred, diary) for d in course_days(request)]
    clash_of = {start: diary.why_not(start) for start in wanted}
    chosen = [start for start in wanted if clash_of[start] is None]
    sessions = []
    for number, start in enumerate(wanted, 1):
        clash = clash_of[start]
        alternatives = []
        if clash is not None:
            alternatives = nearest_free(start, request.preferred, diary, chosen)
            chosen.extend(alternatives[:1])
        sessions.append(ProposedSession(number, start, clash, alternatives))
    return sessions


def nearest_free(
    wanted: datetime, preferred: time, diary: CourseDiary, others: Sequence[datetime] = ()
) -> list[datetime]:
    """Up to ALTERNATIVES free starts nearest `wanted`: its own day first (closest to the
    preferred time), then the days before and after it, nearest first."""
    zone = diary.therapist.zone
    day = wanted.astimezone(zone).date()
    found: list[datetime] = []
    for offset in _day_offsets():
        other = day + timedelta(days=offset)
        target = wanted_start(other, preferred, diary)
        starts = sorted(diary.free_starts(other, others), key=lambda s: (abs(s - target), s))
        found.extend(starts[: ALTERNATIVES - len(found)])
        if len(found) >= ALTERNATIVES:
            break
    return found


def _day_offsets() -> Iterable[int]:
    yield 0
    for n in range(1, NEARBY_DAYS + 1):
        yield n
        yield -n


_PER_WEEK = {"once": 1, "twice": 2, "thrice": 3, "three times": 3, "four times": 4,
             "five times": 5, "daily": 5, "every day": 5}  # fmt: skip
_SPREAD = {1: (0,), 2: (0, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}


def weekdays_for(frequency: str) -> frozenset[int]:
    """Weekdays to start from for a plan's 'twice a week': spread over Mon–Fri (Mon/Thu)."""
    text = frequency.lower()
    digits = re.search(r"(\d)\s*(x|times|sessions)", text)
    per_week = int(digits.group(1)) if digits else None
    if per_week is None:
        per_week = next((n for words, n in _PER_WEEK.items() if words in text), 2)
    return frozenset(_SPREAD[min(max(per_week, 1), 5)])
