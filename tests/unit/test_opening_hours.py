from datetime import time

import pytest

from portal.centres.hours import DayHours, day_hours_problem, summarise_opening_hours


def test_consecutive_days_with_the_same_hours_share_a_line():
    days = [DayHours(day, time(8), time(20)) for day in range(6)]
    assert summarise_opening_hours(days) == ["Mon–Sat 8:00 am – 8:00 pm", "Sun closed"]


def test_a_different_day_breaks_the_run():
    days = [DayHours(day, time(8), time(20)) for day in range(6)] + [DayHours(6, time(9), time(13))]
    days[2] = DayHours(2, time(8), time(14))
    assert summarise_opening_hours(days) == [
        "Mon–Tue 8:00 am – 8:00 pm",
        "Wed 8:00 am – 2:00 pm",
        "Thu–Sat 8:00 am – 8:00 pm",
        "Sun 9:00 am – 1:00 pm",
    ]


def test_closed_days_in_the_middle_of_the_week_are_named():
    days = [DayHours(0, time(9), time(17)), DayHours(3, time(9), time(17))]
    assert summarise_opening_hours(days) == [
        "Mon 9:00 am – 5:00 pm",
        "Tue–Wed closed",
        "Thu 9:00 am – 5:00 pm",
        "Fri–Sun closed",
    ]


def test_a_centre_with_no_hours_is_closed_all_week():
    assert summarise_opening_hours([]) == ["Mon–Sun closed"]


@pytest.mark.parametrize(
    ("opens", "closes", "problem"),
    [
        (None, None, None),  # a closed day
        (time(8), time(20), None),
        (time(20), time(8), "The centre must open before it closes."),
        (time(9), time(9), "The centre must open before it closes."),
        (time(9), None, "Give both times, or leave both empty for a closed day."),
        (None, time(9), "Give both times, or leave both empty for a closed day."),
    ],
)
def test_a_days_opening_hours_need_both_times_in_order(opens, closes, problem):
    assert day_hours_problem(opens, closes) == problem
