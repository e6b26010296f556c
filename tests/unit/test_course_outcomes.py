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


def test_each_measure_is_also_a_table_of_days_and_scores_in_the_pages_language(app):
    """What a screen reader reads in the chart's place: each point's day and score with its
    unit, the day written the way the page's language writes it."""
    from flask_babel import force_locale

    from portal.outcomes.mcid import ODI
    from portal.outcomes.measures import Point, outcome
    from portal.programs.course_outcomes import outcome_views

    measured = outcome(ODI, [Point(MONDAY, 42), Point(MONDAY + timedelta(days=14), 30.5)])
    [english] = outcome_views([measured])
    assert english.table == (("02 Nov 2026", "42%"), ("16 Nov 2026", "30.5%"))
    with app.test_request_context(), force_locale("hi"):
        [hindi] = outcome_views([measured])
    assert [score for _day, score in hindi.table] == ["42%", "30.5%"]
    assert hindi.table[0][0] != "02 Nov 2026" and "2026" in hindi.table[0][0]


def test_the_first_and_last_days_of_the_window_count():
    first, last = MONDAY, MONDAY + timedelta(weeks=3)
    days = [PracticeDay(first, 1, 6.0, 6.0), PracticeDay(last, 1, 3.0, 3.0)]
    pain = {o.mcid.measure: o for o in course_outcomes([], [], days, first, last)}
    assert [point.value for point in pain[PAIN.measure].points] == [6.0, 3.0]


def test_one_score_is_a_table_without_a_chart_two_make_a_chart():
    """A single point draws no line: the page shows the score, and a chart from the second."""
    from portal.outcomes.mcid import ODI
    from portal.outcomes.measures import Point, outcome
    from portal.programs.course_outcomes import outcome_views

    [once] = outcome_views([outcome(ODI, [Point(MONDAY, 42)])])
    assert once.chart is None and once.table == (("02 Nov 2026", "42%"),)
    [twice] = outcome_views([outcome(ODI, [Point(MONDAY, 42), Point(MONDAY, 30)])])
    assert twice.chart is not None and "<svg" in twice.chart
