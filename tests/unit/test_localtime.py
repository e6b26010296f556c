"""The one place that knows an area's zone and date and writes times for people."""

from datetime import UTC, date, datetime, time, timedelta, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from portal.localtime import (
    as_zone,
    centre_zone,
    city_zone,
    clock,
    day,
    day_and_clock,
    describe_when,
    local_today,
    staff_zone,
    to_local,
)

KOLKATA = "Asia/Kolkata"
HYDERABAD = SimpleNamespace(name="Hyderabad", timezone=KOLKATA)
LONDON = SimpleNamespace(name="London", timezone="Europe/London")


def test_a_centre_keeps_its_citys_zone():
    assert centre_zone(SimpleNamespace(city=HYDERABAD)) == ZoneInfo(KOLKATA)
    assert centre_zone(SimpleNamespace(city=LONDON)) == ZoneInfo("Europe/London")
    assert city_zone(LONDON) == ZoneInfo("Europe/London")


def test_a_zone_or_its_name_will_do():
    assert as_zone(KOLKATA) is as_zone(ZoneInfo(KOLKATA))


@pytest.mark.parametrize(
    ("utc", "kolkata_day"),
    [
        (datetime(2026, 12, 2, 18, 29, tzinfo=UTC), date(2026, 12, 2)),  # 23:59 in Kolkata
        (datetime(2026, 12, 2, 18, 30, tzinfo=UTC), date(2026, 12, 3)),  # midnight: +05:30
    ],
)
def test_the_clinics_today_turns_at_its_own_midnight(utc, kolkata_day):
    assert local_today(KOLKATA, utc) == kolkata_day
    assert local_today(city_zone(HYDERABAD), utc) == kolkata_day
    assert local_today("Europe/London", utc) == date(2026, 12, 2)


def test_today_is_read_from_the_clock_when_not_given(monkeypatch):
    import portal.localtime

    monkeypatch.setattr(portal.localtime, "utcnow", lambda: datetime(2030, 1, 1, 19, tzinfo=UTC))
    assert local_today(KOLKATA) == date(2030, 1, 2)


@pytest.mark.parametrize(
    ("wall", "twelve", "twenty_four"),
    [
        (time(0, 0), "12:00 am", "00:00"),  # midnight
        (time(0, 15), "12:15 am", "00:15"),
        (time(9, 5), "9:05 am", "09:05"),
        (time(11, 59), "11:59 am", "11:59"),
        (time(12, 0), "12:00 pm", "12:00"),  # noon
        (time(12, 30), "12:30 pm", "12:30"),
        (time(19, 45), "7:45 pm", "19:45"),
        (time(23, 59), "11:59 pm", "23:59"),
    ],
)
def test_clock(wall, twelve, twenty_four):
    assert clock(wall) == twelve
    assert clock(wall, "24h") == twenty_four
    assert clock(datetime.combine(date(2026, 12, 2), wall, ZoneInfo(KOLKATA))) == twelve


@pytest.mark.parametrize(
    ("style", "text"),
    [
        ("weekday", "Wednesday"),
        ("weekday_short", "Wed"),
        ("month_short", "Dec"),
        ("day_month", "02 Dec"),
        ("date", "02 Dec 2026"),
        ("short", "Wed 02 Dec"),
        ("long", "Wednesday 02 December"),
        ("long_year", "Wednesday 02 December 2026"),
        ("brief", "2 Dec"),
        ("brief_year", "2 Dec 2026"),
    ],
)
def test_day_styles(style, text):
    assert day(date(2026, 12, 2), style) == text


def test_a_day_is_never_taken_from_an_instant_unconverted():
    # 20:00 UTC on the 1st is already the 2nd in Kolkata: the caller must convert first.
    with pytest.raises(TypeError, match="to_local"):
        day(datetime(2026, 12, 1, 20, tzinfo=UTC))


def test_an_instant_reads_in_the_areas_time():
    moment = datetime(2026, 11, 23, 10, 35, tzinfo=UTC)
    assert day_and_clock(moment, KOLKATA) == "Mon 23 Nov 2026, 4:05 pm"
    assert day_and_clock(moment, KOLKATA, year=False) == "Mon 23 Nov, 4:05 pm"
    # Half past six in the evening UTC is half past midnight the next day in Kolkata.
    late = datetime(2026, 11, 23, 18, 45, tzinfo=UTC)
    assert day_and_clock(late, KOLKATA) == "Tue 24 Nov 2026, 12:15 am"


def test_an_instant_read_back_with_its_offset_keeps_it():
    moment = datetime.fromisoformat("2026-11-23T16:05:00+05:30")
    assert day_and_clock(moment) == "Mon 23 Nov 2026, 4:05 pm"


def test_a_future_date_uses_that_dates_offset_not_todays():
    winter = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
    summer = datetime(2027, 7, 15, 12, 0, tzinfo=UTC)
    assert day_and_clock(winter, "Europe/London") == "Fri 15 Jan 2027, 12:00 pm"
    assert day_and_clock(summer, "Europe/London") == "Thu 15 Jul 2027, 1:00 pm"


def test_an_offset_other_than_utc_is_converted():
    moment = datetime(2026, 11, 23, 10, 35, tzinfo=timezone(timedelta(hours=-5)))
    assert day_and_clock(moment, KOLKATA) == "Mon 23 Nov 2026, 9:05 pm"


@pytest.mark.parametrize(
    "refused",
    [
        lambda naive: to_local(naive, KOLKATA),
        lambda naive: day_and_clock(naive, KOLKATA),
        lambda naive: day_and_clock(naive),
        lambda naive: local_today(KOLKATA, naive),
        lambda naive: describe_when(naive, KOLKATA, datetime(2026, 11, 24, tzinfo=UTC)),
    ],
)
def test_naive_datetimes_are_refused(refused):
    with pytest.raises(ValueError, match="naive"):
        refused(datetime(2026, 11, 23, 10, 0))  # noqa: DTZ001


def test_staff_work_in_their_desks_city_or_their_centres_city_and_admins_in_the_default():
    desk = SimpleNamespace(desk_profile=SimpleNamespace(city=LONDON), therapist_profile=None)
    centre = SimpleNamespace(city=HYDERABAD)
    therapist = SimpleNamespace(desk_profile=None, therapist_profile=SimpleNamespace(centre=centre))
    admin = SimpleNamespace(desk_profile=None, therapist_profile=None)
    assert staff_zone(desk, "UTC") == ZoneInfo("Europe/London")
    assert staff_zone(therapist, "UTC") == ZoneInfo(KOLKATA)
    assert staff_zone(admin, "America/New_York") == ZoneInfo("America/New_York")
