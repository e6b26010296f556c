"""What is due over a window, from a plan's dates and versions alone (the dashboard's count)."""

from datetime import date, timedelta

from portal.programs.models import PlanStatus
from portal.programs.queries import PlanSchedule, scheduled_due_counts
from portal.programs.schedule import ScheduledItem, VersionStart
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


def test_a_completed_plan_without_an_end_date_stops_being_due():
    assert scheduled_due_counts([plan(status=PlanStatus.COMPLETED)], MONDAY, SUNDAY) == {}


def test_plans_add_up_and_a_version_without_items_is_due_nothing():
    empty = plan(versions=[(VersionStart(5, 1, MONDAY), ())])
    assert scheduled_due_counts([plan(), plan(), empty], MONDAY, MONDAY) == {MONDAY: 6}
