from datetime import date, timedelta

from portal.programs.adherence import (
    adherence,
    current_streak,
    day_kept,
    weekly_adherence,
    weeks_to_show,
)

TODAY = date(2026, 11, 25)  # a Wednesday


def days_back(n):
    return TODAY - timedelta(days=n)


def test_adherence_is_done_over_scheduled():
    assert adherence(4, 3) == 0.75
    assert adherence(0, 0) is None
    assert adherence(2, 5) == 1.0  # extra practice does not count twice
    assert (adherence(1, 1), adherence(1, 0)) == (1.0, 0.0)  # one occurrence is a ratio too


def test_a_day_due_without_any_log_counts_as_nothing_done():
    due = {days_back(2): 2, days_back(1): 2}  # Monday and Tuesday; nothing logged at all
    [week] = weekly_adherence(due, {}, TODAY, weeks=1)
    assert (week.scheduled, week.done, week.ratio) == (4, 0, 0.0)


def test_half_of_a_day_done_keeps_it():
    assert day_kept(4, 2) is True
    assert day_kept(4, 1) is False


def test_weekly_adherence_counts_only_days_so_far():
    due = {days_back(n): 2 for n in range(14)}
    done = {days_back(0): 2, days_back(1): 1, days_back(7): 2}
    weeks = weekly_adherence(due, done, TODAY, weeks=2)
    assert [week.starts_on for week in weeks] == [date(2026, 11, 16), date(2026, 11, 23)]
    this_week = weeks[-1]
    assert (this_week.scheduled, this_week.done) == (6, 3)  # Mon–Wed only
    assert this_week.ratio == 0.5
    assert weeks[0].scheduled == 14


def test_what_remains_of_today_is_not_missed_yet():
    due = {days_back(n): 4 for n in range(3)}  # Monday to today, Wednesday
    morning = weekly_adherence(due, {days_back(2): 4, days_back(1): 2}, TODAY, weeks=1)[-1]
    assert (morning.scheduled, morning.done) == (8, 6)  # Monday and Tuesday only
    evening = weekly_adherence(due, {days_back(2): 4, days_back(1): 2, TODAY: 3}, TODAY, 1)[-1]
    assert (evening.scheduled, evening.done) == (11, 9)  # and the 3 done today
    past = weekly_adherence(due, {}, TODAY + timedelta(days=1), weeks=1)[-1]
    assert past.scheduled == 12  # once the day is over, all of it counts


def test_week_with_nothing_due_has_no_ratio():
    [week] = weekly_adherence({}, {}, TODAY, weeks=1)
    assert week.ratio is None


def test_streak_counts_days_practised_back_from_today():
    due = {days_back(n): 2 for n in range(6)}
    done = {days_back(0): 2, days_back(1): 2, days_back(2): 2, days_back(3): 0, days_back(4): 2}
    assert current_streak(due, done, TODAY) == 3


def test_a_patient_at_ninety_percent_keeps_a_streak():
    """Seven occurrences a day, one missed now and then: adherence 89 %, so a long streak."""
    due = {days_back(n): 7 for n in range(1, 15)}
    done = {days_back(n): 6 if n % 2 else 7 for n in range(1, 15)}
    share = sum(done.values()) / sum(due.values())
    assert 0.89 <= share <= 0.93
    assert current_streak(due, done, TODAY) == 14


def test_a_token_practice_does_not_keep_the_streak():
    assert not day_kept(due=7, done=1)
    assert day_kept(due=7, done=4)
    assert not day_kept(due=0, done=3)  # nothing due: not a practised day
    due = {days_back(1): 7, days_back(2): 7}
    assert current_streak(due, {days_back(1): 7, days_back(2): 1}, TODAY) == 1


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


def test_days_with_nothing_due_between_practised_days_do_not_break_the_streak():
    due = {days_back(n): 2 for n in (1, 4, 5)}  # rest days 2 and 3
    done = {days_back(n): 2 for n in (1, 4, 5)}
    assert current_streak(due, done, TODAY) == 3


def test_weeks_shown_start_with_the_week_the_plan_started():
    assert weeks_to_show(TODAY - timedelta(days=2), TODAY, most=8) == 1  # started this Monday
    assert weeks_to_show(date(2026, 11, 22), TODAY, most=8) == 2  # last Sunday
    assert weeks_to_show(date(2026, 11, 9), TODAY, most=8) == 3  # a Monday two weeks back
    assert weeks_to_show(date(2025, 1, 1), TODAY, most=8) == 8  # long ago: at most 8
    assert weeks_to_show(None, TODAY, most=8) == 1  # no plan yet
    assert weeks_to_show(TODAY + timedelta(days=9), TODAY, most=8) == 1  # starts later
    sunday = date(2026, 11, 29)
    assert weeks_to_show(date(2026, 11, 23), sunday, most=8) == 1  # Monday to Sunday: a week
