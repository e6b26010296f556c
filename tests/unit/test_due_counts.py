"""What is due over a window, from a plan's dates and versions alone (the dashboard's count)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.programs.models import PlanStatus
from portal.programs.queries import PlanSchedule, plan_runs_on, scheduled_due_counts, weekly_from
from portal.programs.schedule import (
    ScheduledItem,
    VersionStart,
    dues_per_weekday,
    occurrences_due,
    version_in_force,
)
from portal.weekdays import EVERY_DAY, weekdays_to_mask

MONDAY = date(2026, 11, 23)
SUNDAY = MONDAY + timedelta(days=6)
TWICE_DAILY = ScheduledItem(1, EVERY_DAY, 2)
MONDAYS = ScheduledItem(2, weekdays_to_mask([0]), 1)
ONCE_DAILY = ScheduledItem(3, EVERY_DAY, 1)


def plan(status=PlanStatus.ACTIVE, start=MONDAY, end=None, versions=None):
    first = (VersionStart(1, 1, start), (TWICE_DAILY, MONDAYS))
    return PlanSchedule(status, start, end, tuple(versions or (first,)))


def test_each_day_counts_its_items_times_a_day_on_their_weekdays():
    due = scheduled_due_counts([plan()], MONDAY, SUNDAY)
    assert due == {MONDAY: 3} | {MONDAY + timedelta(d): 2 for d in range(1, 7)}


def test_a_new_version_counts_from_the_day_it_starts():
    wednesday = MONDAY + timedelta(days=2)
    versions = [
        (VersionStart(1, 1, MONDAY), (TWICE_DAILY,)),
        (VersionStart(2, 2, wednesday), (ONCE_DAILY,)),
    ]
    due = scheduled_due_counts([plan(versions=versions)], MONDAY, SUNDAY)
    assert [due[MONDAY + timedelta(d)] for d in range(7)] == [2, 2, 1, 1, 1, 1, 1]


def test_nothing_is_due_before_the_start_after_the_end_or_on_a_cancelled_plan():
    ends_tuesday = plan(end=MONDAY + timedelta(days=1))
    starts_sunday = plan(start=SUNDAY)
    assert scheduled_due_counts([ends_tuesday], MONDAY, SUNDAY) == {
        MONDAY: 3,
        MONDAY + timedelta(1): 2,
    }
    assert scheduled_due_counts([starts_sunday], MONDAY, SUNDAY) == {SUNDAY: 2}
    assert scheduled_due_counts([plan(status=PlanStatus.CANCELLED)], MONDAY, SUNDAY) == {}


def test_weeks_are_alike_from_the_last_start_or_end():
    later = MONDAY + timedelta(days=10)
    versions = [(VersionStart(1, 1, MONDAY), (ONCE_DAILY,)), (VersionStart(2, 2, later), ())]
    assert weekly_from([plan()]) == MONDAY
    assert weekly_from([plan(end=SUNDAY)]) == SUNDAY + timedelta(days=1)
    assert weekly_from([plan(), plan(versions=versions)]) == later
    assert weekly_from([plan(status=PlanStatus.CANCELLED, start=later)]) is None
    assert weekly_from([]) is None


@given(
    start=st.integers(0, 30),
    length=st.one_of(st.none(), st.integers(0, 40)),
    second_version=st.one_of(st.none(), st.integers(0, 50)),
)
def test_after_weekly_from_every_week_makes_the_same_dues(start, length, second_version):
    starts = MONDAY + timedelta(days=start)
    ends = None if length is None else starts + timedelta(days=length)
    versions = [(VersionStart(1, 1, starts), (TWICE_DAILY, MONDAYS))]
    if second_version is not None:
        versions.append((VersionStart(2, 2, starts + timedelta(second_version)), (ONCE_DAILY,)))
    schedule = plan(start=starts, end=ends, versions=versions)
    steady = weekly_from([schedule])
    due = scheduled_due_counts([schedule], steady, steady + timedelta(days=27))
    for offset in range(7, 28):
        day = steady + timedelta(days=offset)
        assert due.get(day, 0) == due.get(day - timedelta(days=7), 0)


def test_a_completed_plan_without_an_end_date_stops_being_due():
    assert scheduled_due_counts([plan(status=PlanStatus.COMPLETED)], MONDAY, SUNDAY) == {}


def test_plans_add_up_and_a_version_without_items_is_due_nothing():
    empty = plan(versions=[(VersionStart(5, 1, MONDAY), ())])
    assert scheduled_due_counts([plan(), plan(), empty], MONDAY, MONDAY) == {MONDAY: 6}


def test_dues_per_weekday_adds_times_a_day_on_each_weekday():
    assert dues_per_weekday([TWICE_DAILY, MONDAYS]) == (3, 2, 2, 2, 2, 2, 2)
    assert dues_per_weekday([]) == (0,) * 7


def test_versions_starting_on_one_day_count_the_higher_number_only():
    versions = [
        (VersionStart(2, 2, MONDAY), (ONCE_DAILY,)),
        (VersionStart(1, 1, MONDAY), (TWICE_DAILY,)),
    ]
    assert scheduled_due_counts([plan(versions=versions)], MONDAY, MONDAY) == {MONDAY: 1}


def test_a_range_that_ends_before_it_starts_is_empty():
    assert scheduled_due_counts([plan()], SUNDAY, MONDAY) == {}


def _day_by_day(schedules, first, last):
    """The rule as stated: each day, the items of each running plan's version in force."""
    counts = {}
    day = first
    while day <= last:
        items = []
        for schedule in schedules:
            current = version_in_force([start for start, _ in schedule.versions], day)
            if plan_runs_on(schedule, day) and current is not None:
                items += next(items for start, items in schedule.versions if start == current)
        if due := len(occurrences_due(items, day)):
            counts[day] = due
        day += timedelta(days=1)
    return counts


_items = st.builds(ScheduledItem, st.integers(1, 50), st.integers(0, EVERY_DAY), st.integers(1, 3))
_schedules = st.builds(
    lambda status, start, length, versions: PlanSchedule(
        status,
        MONDAY + timedelta(days=start),
        None if length is None else MONDAY + timedelta(days=start + length),
        tuple(
            (VersionStart(number, number, MONDAY + timedelta(days=offset)), tuple(items))
            for number, (offset, items) in enumerate(versions, start=1)
        ),
    ),
    st.sampled_from(list(PlanStatus)),
    st.integers(-30, 30),
    st.none() | st.integers(0, 40),
    st.lists(st.tuples(st.integers(-30, 60), st.lists(_items, max_size=3)), max_size=4),
)


@given(st.lists(_schedules, max_size=3), st.integers(-40, 40), st.integers(0, 60))
@settings(max_examples=300, deadline=None)
def test_counts_match_the_day_by_day_rule(schedules, first_offset, length):
    first = MONDAY + timedelta(days=first_offset)
    last = first + timedelta(days=length)
    assert scheduled_due_counts(schedules, first, last) == _day_by_day(schedules, first, last)
