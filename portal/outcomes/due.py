"""When the ODI questionnaire is due: at the start of a plan, every 4 weeks after it, and in
the week before the plan's planned end (discharge). An answer given up to 3 days before a due
date counts for it (the patient who answers a little early is not asked again), but the
4-week answer does not stand in for the discharge one a week later."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

INTERVAL = timedelta(weeks=4)
EARLY = timedelta(days=3)  # an answer this long before a due date counts for it
BEFORE_DISCHARGE = timedelta(days=7)


@dataclass(frozen=True)
class Course:
    """An active plan's dates: when it started and when it is planned to end, if known."""

    start: date
    planned_end: date | None = None


def due_dates(course: Course, until: date) -> list[date]:
    """Every date up to `until` the questionnaire falls due in this course, in order."""
    dates: list[date] = []
    day = course.start
    last = until if course.planned_end is None else min(until, course.planned_end)
    while day <= last:
        dates.append(day)
        day += INTERVAL
    if course.planned_end is not None:
        discharge = max(course.start, course.planned_end - BEFORE_DISCHARGE)
        if discharge <= until and discharge not in dates:
            dates.append(discharge)
    return sorted(dates)


def due_since(courses: Iterable[Course], taken: Sequence[date], today: date) -> date | None:
    """The date the questionnaire became due and is still unanswered, or None."""
    open_dates = [
        due for course in courses if (due := _latest_due(course, today)) is not None
        if not any(due - EARLY <= answered <= today for answered in taken)
    ]  # fmt: skip
    return min(open_dates, default=None)


def next_due(courses: Iterable[Course], today: date) -> date | None:
    """The next date after today the questionnaire falls due, or None."""
    upcoming = [
        day
        for course in courses
        for day in due_dates(course, today + INTERVAL + BEFORE_DISCHARGE)
        if day > today
    ]
    return min(upcoming, default=None)


def _latest_due(course: Course, today: date) -> date | None:
    return max(due_dates(course, today), default=None)
