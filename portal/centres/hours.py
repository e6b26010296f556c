"""Opening hours as people read them: consecutive days with the same hours share one line,
in the response's language (staff pages are English)."""

from collections.abc import Iterable
from datetime import time
from typing import NamedTuple

from portal.languages import current_language
from portal.languages import gettext as _
from portal.localtime import clock
from portal.weekdays import short_weekday_names


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
    names, language = short_weekday_names(), current_language()
    return [_describe_run(names, language, *run) for run in runs]


def _describe_run(
    names: tuple[str, ...], language: str, first: int, last: int, hours: tuple[time, time] | None
) -> str:
    days = names[first] if first == last else f"{names[first]}–{names[last]}"
    if hours is None:
        return _("%(days)s closed", days=days)
    opens, closes = hours
    return f"{days} {clock(opens, language=language)} – {clock(closes, language=language)}"


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
