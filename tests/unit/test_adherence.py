from datetime import date, timedelta

from portal.programs.adherence import adherence, current_streak, weekly_adherence

TODAY = date(2026, 11, 25)  # a Wednesday


def days_back(n):
    return TODAY - timedelta(days=n)


def test_adherence_is_done_over_scheduled():
    assert adherence(4, 3) == 0.75
    assert adherence(0, 0) is None
    assert adherence(2, 5) == 1.0  # extra practice does not count twice


def test_weekly_adherence_counts_only_days_so_far():
    due = {days_back(n): 2 for n in range(14)}
    done = {days_back(0): 2, days_back(1): 1, days_back(7): 2}
    weeks = weekly_adherence(due, done, TODAY, weeks=2)
    assert [week.starts_on for week in weeks] == [date(2026, 11, 16), date(2026, 11, 23)]
    this_week = weeks[-1]
    assert (this_week.scheduled, this_week.done) == (6, 3)  # Mon–Wed only
    assert this_week.ratio == 0.5
    assert weeks[0].scheduled == 14


def test_week_with_nothing_due_has_no_ratio():
    [week] = weekly_adherence({}, {}, TODAY, weeks=1)
    assert week.ratio is None


def test_streak_counts_complete_days_back_from_today():
    due = {days_back(n): 2 for n in range(6)}
    done = {days_back(0): 2, days_back(1): 2, days_back(2): 2, days_back(3): 1}
    assert current_streak(due, done, TODAY) == 3


def test_an_unfinished_today_does_not_break_the_streak():
    due = {days_back(n): 1 for n in range(3)}
    done = {days_back(1): 1, days_back(2): 1}
    assert current_streak(due, done, TODAY) == 2


def test_rest_days_do_not_break_the_streak():
    due = {days_back(0): 1, days_back(2): 1}
    done = {days_back(0): 1, days_back(2): 1}
    assert current_streak(due, done, TODAY) == 2


def test_no_practice_no_streak():
    assert current_streak({days_back(1): 1}, {}, TODAY) == 0
