"""Opening hours as people read them: consecutive days with the same hours share one line."""

from collections.abc import Iterable
from datetime import time
from typing import NamedTuple

from portal.localtime import clock

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class DayHours(NamedTuple):
    weekday: int  # 0 = Monday
    opens: time
    closes: time


def summarise_opening_hours(days: Iterable[DayHours]) -> list[str]:
    """['Mon–Sat 8:00 am – 8:00 pm', 'Sun closed'] from one row per open weekday."""
    hours_by_day = {day.weekday: (day.opens, day.closes) for day in days}
    runs: list[tuple[int, int, tuple[time, time] | None]] = []
    for weekday in range(7):
        hours = hours_by_day.get(weekday)
        if runs and runs[-1][2] == hours:
            first, _, _ = runs[-1]
            runs[-1] = (first, weekday, hours)
        else:
            runs.append((weekday, weekday, hours))
    return [_describe_run(first, last, hours) for first, last, hours in runs]


def _describe_run(first: int, last: int, hours: tuple[time, time] | None) -> str:
    days = (
        WEEKDAY_NAMES[first] if first == last else f"{WEEKDAY_NAMES[first]}–{WEEKDAY_NAMES[last]}"
    )
    if hours is None:
        return f"{days} closed"
    opens, closes = hours
    return f"{days} {clock(opens)} – {clock(closes)}"


WEEKDAY_FULL_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_hours_problem(opens: time | None, closes: time | None) -> str | None:
    """Why one day's opening hours as typed cannot be saved, or None: both times or neither
    (a closed day), and the centre opens before it closes."""
    if opens is None and closes is None:
        return None
    if opens is None or closes is None:
        return "Give both times, or leave both empty for a closed day."
    if opens >= closes:
        return "The centre must open before it closes."
    return None
