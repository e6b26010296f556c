from datetime import date, timedelta

import pytest

from portal.programs.schedule import (
    Occurrence,
    ScheduledItem,
    VersionStart,
    can_log_on,
    occurrences_due,
    version_in_force,
)
from portal.weekdays import (
    EVERY_DAY,
    describe_weekdays,
    is_due_on,
    mask_to_weekdays,
    weekdays_to_mask,
)

MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)
SUNDAY = date(2026, 11, 29)


def test_weekday_mask_round_trip():
    assert weekdays_to_mask([0, 2, 4]) == 0b10101
    assert mask_to_weekdays(0b10101) == [0, 2, 4]
    assert weekdays_to_mask(range(7)) == EVERY_DAY


def test_weekday_out_of_range_is_refused():
    with pytest.raises(ValueError, match="weekday 7"):
        weekdays_to_mask([7])


def test_due_only_on_chosen_days():
    mon_wed_fri = weekdays_to_mask([0, 2, 4])
    assert is_due_on(mon_wed_fri, MONDAY)
    assert not is_due_on(mon_wed_fri, TUESDAY)
    assert not is_due_on(mon_wed_fri, SUNDAY)


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (range(7), "every day"),
        (range(5), "on weekdays"),
        ([6], "on Sun"),
        ([0, 3], "on Mon and Thu"),
        ([0, 2, 4], "on Mon, Wed and Fri"),
    ],
)
def test_weekdays_in_words(days, text):
    assert describe_weekdays(weekdays_to_mask(days)) == text


def test_times_per_day_make_numbered_occurrences():
    items = [
        ScheduledItem(item_id=1, weekdays_mask=EVERY_DAY, times_per_day=2),
        ScheduledItem(item_id=2, weekdays_mask=weekdays_to_mask([1]), times_per_day=1),
    ]
    assert occurrences_due(items, MONDAY) == [Occurrence(MONDAY, 1, 1), Occurrence(MONDAY, 1, 2)]
    assert occurrences_due(items, TUESDAY) == [
        Occurrence(TUESDAY, 1, 1),
        Occurrence(TUESDAY, 1, 2),
        Occurrence(TUESDAY, 2, 1),
    ]


def test_the_version_in_force_is_the_latest_started():
    versions = [
        VersionStart(version_id=10, number=1, effective_from=date(2026, 11, 1)),
        VersionStart(version_id=11, number=2, effective_from=date(2026, 11, 24)),
    ]
    assert version_in_force(versions, date(2026, 10, 31)) is None
    assert version_in_force(versions, MONDAY).version_id == 10
    assert version_in_force(versions, TUESDAY).version_id == 11


def test_two_versions_from_the_same_day_the_later_wins():
    versions = [
        VersionStart(version_id=10, number=1, effective_from=MONDAY),
        VersionStart(version_id=12, number=2, effective_from=MONDAY),
    ]
    assert version_in_force(versions, MONDAY).version_id == 12


@pytest.mark.parametrize(
    ("days_back", "loggable"), [(-1, False), (0, True), (1, True), (7, True), (8, False)]
)
def test_practice_is_logged_for_today_and_the_seven_days_before_never_ahead(days_back, loggable):
    assert can_log_on(TUESDAY - timedelta(days=days_back), TUESDAY) is loggable
