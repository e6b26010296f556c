"""Who is due a practice reminder at a given instant, and what it says: pure rules."""

from datetime import UTC, date, datetime, time

import pytest

from portal.guide.dose import Side
from portal.programs.presenters import DayPage, ItemCard, OccurrenceState
from portal.reminders.rules import (
    PracticeReminder,
    due_day,
    next_reminder_day,
    reminder_content,
    reminder_times,
    settled_on_choosing,
)
from portal.safety.models import FlagKind
from portal.safety.rules import Block
from portal.safety.stops import FlagFacts, practice_on_hold

KOLKATA = "Asia/Kolkata"
NEW_YORK = "America/New_York"
DAY = date(2026, 12, 2)
YESTERDAY = date(2026, 12, 1)


def utc(hour: int, minute: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


# 02:00 UTC is 7:30 am in Kolkata (+05:30), 9:00 pm the day before in New York (-05:00).


def test_not_due_before_the_chosen_time():
    assert due_day(time(7, 30), None, KOLKATA, utc(1, 59)) is None


def test_due_from_the_chosen_time_on_that_local_day():
    assert due_day(time(7, 30), None, KOLKATA, utc(2, 0)) == DAY
    assert due_day(time(7, 30), YESTERDAY, KOLKATA, utc(15, 0)) == DAY


def test_not_due_again_once_the_day_is_settled():
    assert due_day(time(7, 30), DAY, KOLKATA, utc(2, 5)) is None
    assert due_day(time(7, 30), DAY, KOLKATA, utc(18, 29)) is None  # 11:59 pm, same day


def test_the_next_local_day_is_due_again():
    assert due_day(time(7, 30), DAY, KOLKATA, utc(2, 0, day=3)) == date(2026, 12, 3)


def test_no_time_chosen_nothing_is_due():
    assert due_day(None, None, KOLKATA, utc(12)) is None


def test_another_zone_has_its_own_day_and_clock():
    # At 02:00 UTC it is 9 pm on 1 December in New York: a 7:30 am reminder there is long
    # past for the 1st, and the 2nd has not begun.
    assert due_day(time(7, 30), None, NEW_YORK, utc(2, 0)) == YESTERDAY
    assert due_day(time(7, 30), YESTERDAY, NEW_YORK, utc(2, 0)) is None
    # 12:30 UTC is 7:30 am on the 2nd in New York.
    assert due_day(time(7, 30), YESTERDAY, NEW_YORK, utc(12, 29)) is None
    assert due_day(time(7, 30), YESTERDAY, NEW_YORK, utc(12, 30)) == DAY


def test_a_half_hour_zone_is_not_shifted_by_half_an_hour():
    assert due_day(time(8, 0), None, KOLKATA, utc(2, 29)) is None
    assert due_day(time(8, 0), None, KOLKATA, utc(2, 30)) == DAY


def test_a_time_chosen_after_it_passed_today_starts_tomorrow():
    assert settled_on_choosing(time(7, 30), None, KOLKATA, utc(9)) == DAY
    assert next_reminder_day(time(7, 30), DAY, KOLKATA, utc(9)) == date(2026, 12, 3)


def test_choosing_the_very_minute_it_is_now_starts_tomorrow():
    # 07:30 in Bengaluru: the time has come, not "still ahead": no reminder seconds after saving.
    assert settled_on_choosing(time(7, 30), YESTERDAY, KOLKATA, utc(2, 0)) == DAY


def test_a_time_still_ahead_today_is_for_today():
    assert settled_on_choosing(time(18, 0), YESTERDAY, KOLKATA, utc(9)) == YESTERDAY
    assert next_reminder_day(time(18, 0), YESTERDAY, KOLKATA, utc(9)) == DAY


def test_choosing_again_never_unsettles_a_day_already_reminded():
    assert settled_on_choosing(time(21, 0), DAY, KOLKATA, utc(9)) == DAY
    assert settled_on_choosing(None, DAY, KOLKATA, utc(9)) == DAY
    assert next_reminder_day(None, DAY, KOLKATA, utc(9)) is None


def test_the_choices_are_every_half_hour_from_5_am_to_10_pm():
    times = reminder_times()
    assert times[0] == time(5, 0) and times[-1] == time(22, 0)
    assert time(7, 30) in times and time(7, 15) not in times
    assert len(times) == 35


def card(title="BL23 Shenshu", done=(False,), stopped=False, block=None) -> ItemCard:
    return ItemCard(
        item_id=1, title=title, subtitle="", is_acupressure=True, dose="", location=None,
        how_to="", note=None, cautions="", diagram=None, illustration=None, block=block,
        caution=None, stopped=stopped, hold_seconds=90, side=Side.BOTH, sets=None, reps=None,
        occurrences=[OccurrenceState(n, was_done) for n, was_done in enumerate(done, 1)],
    )  # fmt: skip


def page(*cards: ItemCard) -> DayPage:
    return DayPage(DAY, DAY, list(cards), needs_screening=False, has_program=True)


def titles(day_page: DayPage) -> list[str]:
    return [c.title for c in day_page.still_to_do]


def test_still_to_do_lists_what_has_a_session_left():
    day_page = page(card("BL23 Shenshu", (True, False)), card("Bridge", (True,)))
    assert titles(day_page) == ["BL23 Shenshu"]


def test_a_stopped_or_blocked_technique_is_not_asked_for():
    day_page = page(
        card("BL23 Shenshu", stopped=True),
        card("GB30 Huantiao", block=Block.PREGNANCY),
        card("Bridge"),
    )
    assert titles(day_page) == ["Bridge"]


def test_all_done_nothing_to_send():
    assert reminder_content(DAY, titles(page(card(done=(True, True)))), on_hold=False) is None


def test_nothing_planned_nothing_to_send():
    assert reminder_content(DAY, titles(page()), on_hold=False) is None


def test_something_left_makes_a_reminder_of_its_names():
    content = reminder_content(DAY, ["BL23 Shenshu", "Bridge"], on_hold=False)
    assert content == PracticeReminder(DAY, ("BL23 Shenshu", "Bridge"))


def test_an_open_red_flag_holds_all_practice_so_no_reminder():
    flags = [FlagFacts(FlagKind.RED_FLAG, None, acknowledged=False)]
    assert practice_on_hold(flags)
    assert reminder_content(DAY, ["Bridge"], on_hold=practice_on_hold(flags)) is None


@pytest.mark.parametrize(
    "flag",
    [
        FlagFacts(FlagKind.RED_FLAG, None, acknowledged=True),
        FlagFacts(FlagKind.SHARP_PAIN, 1, acknowledged=False),
        FlagFacts(FlagKind.SCREENING, None, acknowledged=False),
    ],
)
def test_other_flags_do_not_hold_the_whole_program(flag):
    assert not practice_on_hold([flag])
