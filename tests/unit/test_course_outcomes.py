"""The measures of a course between its first and last day, whatever weekday it starts on."""

from datetime import date, timedelta

import pytest

from portal.outcomes.due import EARLY
from portal.outcomes.mcid import PAIN
from portal.programs.course_outcomes import course_outcomes
from portal.programs.queries import PracticeDay

MONDAY = date(2026, 11, 2)


@pytest.mark.parametrize("weekday", range(7))
def test_the_pain_of_the_first_week_counts_whatever_weekday_the_course_starts(weekday):
    """A week's pain is dated by its Monday: for a course starting on a Friday that Monday
    lies before the course, and the first week was dropped (the discharge test failed on
    Fridays to Sundays, India time)."""
    start = MONDAY + timedelta(days=weekday)
    end = start + timedelta(weeks=4)
    days = [
        PracticeDay(start - EARLY - timedelta(days=1), 1, 9.0, 9.0),  # before the window
        PracticeDay(start, 1, 7.0, 7.0),
        PracticeDay(end, 1, 2.0, 2.0),
    ]
    pain = {o.mcid.measure: o for o in course_outcomes([], [], days, start - EARLY, end)}
    assert [point.value for point in pain[PAIN.measure].points] == [7.0, 2.0]
