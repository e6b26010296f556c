"""Which practice occurrences are due on a day: weekdays, times per day and program versions.

Which weekdays is a mask (portal/weekdays.py).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar

from portal.weekdays import is_due_on

BACKFILL_DAYS = 7


@dataclass(frozen=True)
class VersionStart:
    version_id: int
    number: int
    effective_from: date


def version_in_force(versions: Sequence[VersionStart], day: date) -> VersionStart | None:
    """The version a patient follows on `day`: the latest to have started by then."""
    started = [version for version in versions if version.effective_from <= day]
    if not started:
        return None
    return max(started, key=lambda version: (version.effective_from, version.number))


@dataclass(frozen=True)
class ScheduledItem:
    item_id: int
    weekdays_mask: int
    times_per_day: int


@dataclass(frozen=True, order=True)
class Occurrence:
    day: date
    item_id: int
    index: int  # 1 … times_per_day


def occurrences_due(items: Iterable[ScheduledItem], day: date) -> list[Occurrence]:
    return [
        Occurrence(day, item.item_id, index)
        for item in items
        if is_due_on(item.weekdays_mask, day)
        for index in range(1, item.times_per_day + 1)
    ]


def dues_per_weekday(items: Iterable[ScheduledItem]) -> tuple[int, ...]:
    """How many occurrences of `items` are due on each weekday, Monday first."""
    return tuple(
        sum(item.times_per_day for item in items if item.weekdays_mask & (1 << weekday))
        for weekday in range(7)
    )


def can_log_on(day: date, today: date) -> bool:
    """Practice may be logged for today and back-filled for the past week, never ahead."""
    return today - timedelta(days=BACKFILL_DAYS) <= day <= today


class LoggedSession(Protocol):
    @property
    def technique_id(self) -> int: ...
    @property
    def occurrence_index(self) -> int: ...


Logged = TypeVar("Logged", bound=LoggedSession)


def sessions_logged(technique_id: int, day_logs: Iterable[Logged]) -> dict[int, Logged]:
    """A day's logs of one technique by session number, whichever program version the patient
    followed when logging: an occurrence is the technique's n-th session of the day, so a
    version published mid-day keeps what was already done."""
    return {log.occurrence_index: log for log in day_logs if log.technique_id == technique_id}
