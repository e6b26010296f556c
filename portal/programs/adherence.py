"""Adherence (done ÷ scheduled occurrences) per week, and the streak of days practised."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

# A day counts towards the streak when at least this share of it was done: a patient who
# does nine tenths of the program keeps a streak; one who does a token tenth does not.
KEPT_DAY_SHARE = 0.5


def adherence(scheduled: int, done: int) -> float | None:
    """The share of scheduled occurrences done; None when nothing was scheduled."""
    if scheduled <= 0:
        return None
    return min(done, scheduled) / scheduled


@dataclass(frozen=True)
class WeekAdherence:
    starts_on: date  # a Monday
    scheduled: int
    done: int

    @property
    def ratio(self) -> float | None:
        return adherence(self.scheduled, self.done)


def weekly_adherence(
    due_by_day: Mapping[date, int], done_by_day: Mapping[date, int], today: date, weeks: int
) -> list[WeekAdherence]:
    """The last `weeks` calendar weeks up to today, oldest first; future days don't count.

    Today is not over, so what remains of it is not missed yet: today counts only what was
    done (in the morning, "done this week" is about the days before, not 0 % of today).
    """
    this_monday = today - timedelta(days=today.weekday())
    result = []
    for back in range(weeks - 1, -1, -1):
        monday = this_monday - timedelta(weeks=back)
        days = [monday + timedelta(days=offset) for offset in range(7)]
        days = [day for day in days if day <= today]
        done = {day: min(done_by_day.get(day, 0), due_by_day.get(day, 0)) for day in days}
        result.append(
            WeekAdherence(
                starts_on=monday,
                scheduled=sum(
                    done[day] if day == today else due_by_day.get(day, 0) for day in days
                ),
                done=sum(done.values()),
            )
        )
    return result


def weeks_to_show(first_day: date | None, today: date, most: int) -> int:
    """Calendar weeks from the one holding `first_day` (the plan's start) to this one, at most
    `most`: no empty weeks from before the plan started."""
    if first_day is None or first_day > today:
        return 1
    this_monday = today - timedelta(days=today.weekday())
    first_monday = first_day - timedelta(days=first_day.weekday())
    return min(most, (this_monday - first_monday).days // 7 + 1)


def day_kept(due: int, done: int) -> bool:
    return due > 0 and min(done, due) >= due * KEPT_DAY_SHARE


def current_streak(
    due_by_day: Mapping[date, int], done_by_day: Mapping[date, int], today: date
) -> int:
    """Days in a row, back from today, on which the patient practised (see KEPT_DAY_SHARE).

    Days with nothing due neither break nor extend the streak; an unkept today does not
    break it yet (the day is not over).
    """
    streak = 0
    day = today
    earliest = min(due_by_day, default=today)
    while day >= earliest:
        due = due_by_day.get(day, 0)
        if day_kept(due, done_by_day.get(day, 0)):
            streak += 1
        elif due and day != today:
            break
        day -= timedelta(days=1)
    return streak
