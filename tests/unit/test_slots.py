from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal.booking.slots import (
    Busy,
    SlotRequest,
    WorkingWindow,
    free_slots,
    overlaps,
    slot_is_free,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 30)
WEEKDAYS_9_TO_1 = [WorkingWindow(day, time(9), time(13)) for day in range(5)]
CONSULT = SlotRequest(duration=timedelta(minutes=45))
FOLLOW_UP = SlotRequest(duration=timedelta(minutes=30))
HOME_VISIT = SlotRequest(duration=timedelta(minutes=60), buffer=timedelta(minutes=30))
LONG_AGO = datetime(2026, 11, 1, tzinfo=UTC)


def local(day, hour, minute=0, zone=KOLKATA):
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def slots(request=FOLLOW_UP, busy=(), now=LONG_AGO, day=MONDAY, windows=WEEKDAYS_9_TO_1,
          timezone="Asia/Kolkata", last_day=None):  # fmt: skip
    return free_slots(timezone=timezone, windows=windows, busy=busy, request=request, now=now,
                      first_day=day, last_day=last_day or day)  # fmt: skip


def local_times(found, zone=KOLKATA):
    return [f"{s.astimezone(zone):%H:%M}" for s in found]


def test_overlap_is_half_open():
    a, b, c = local(MONDAY, 9), local(MONDAY, 10), local(MONDAY, 11)
    assert overlaps(a, b, a, c)
    assert not overlaps(a, b, b, c)  # back to back is fine


def test_a_morning_on_a_15_minute_grid():
    found = local_times(slots())
    assert found[:3] == ["09:00", "09:15", "09:30"]
    assert found[-1] == "12:30"  # a 30-minute visit must end by 13:00
    assert len(found) == 15


def test_kolkata_slots_start_on_the_quarter_hour_never_shifted_by_the_half_hour():
    found = slots(request=CONSULT)
    assert all(s.astimezone(KOLKATA).minute in (0, 15, 30, 45) for s in found)
    assert found[0] == datetime(2026, 11, 30, 3, 30, tzinfo=UTC)  # 09:00 IST is 03:30 UTC


def test_slots_are_utc_instants():
    assert all(s.tzinfo is UTC for s in slots())


def test_no_working_hours_no_slots():
    assert slots(day=date(2026, 12, 6)) == []  # a Sunday


def test_existing_appointments_are_not_offered():
    booked = Busy(local(MONDAY, 10), local(MONDAY, 10, 30))
    found = local_times(slots(busy=[booked]))
    assert "10:00" not in found
    assert "09:45" not in found  # would run into it
    assert "09:30" in found
    assert "10:30" in found


def test_time_off_is_not_offered():
    off = Busy(local(MONDAY, 9), local(MONDAY, 11))
    assert local_times(slots(busy=[off]))[0] == "11:00"


def test_home_visits_keep_travel_time_on_both_sides():
    visit = Busy(local(MONDAY, 10), local(MONDAY, 11), buffer=timedelta(minutes=30))
    found = local_times(slots(request=HOME_VISIT, busy=[visit]))
    assert "08:30" not in found
    assert "09:00" not in found  # ends at 10:00, no time to travel
    assert "11:30" in found  # one 30-minute trip between the two visits
    assert "11:15" not in found
    assert found[-1] == "12:00"


def test_a_clinic_visit_next_to_a_home_visit_respects_its_travel_time():
    visit = Busy(local(MONDAY, 10), local(MONDAY, 11), buffer=timedelta(minutes=30))
    found = local_times(slots(request=FOLLOW_UP, busy=[visit]))
    assert "09:00" in found
    assert "09:15" not in found  # would end inside the travel time
    assert "11:30" in found
    assert "11:15" not in found


def test_lead_time_hides_slots_starting_within_two_hours():
    now = local(MONDAY, 9, 10)
    assert local_times(slots(now=now))[0] == "11:15"


def test_horizon_hides_days_beyond_thirty():
    now = local(MONDAY, 8)
    far = MONDAY + timedelta(days=31)
    assert slots(now=now, day=far) == []
    assert slots(now=now, day=MONDAY + timedelta(days=30)) != []


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        slots(now=datetime(2026, 11, 1))  # noqa: DTZ001


def test_london_uses_the_offset_of_the_slots_own_date():
    summer, winter = date(2026, 7, 6), date(2026, 11, 30)
    windows = [WorkingWindow(0, time(9), time(10))]
    before = timedelta(days=3)
    [first_summer, *_] = slots(day=summer, windows=windows, timezone="Europe/London",
                               now=local(summer - before, 9))  # fmt: skip
    [first_winter, *_] = slots(day=winter, windows=windows, timezone="Europe/London",
                               now=local(winter - before, 9))  # fmt: skip
    assert first_summer == datetime(2026, 7, 6, 8, 0, tzinfo=UTC)  # 09:00 BST
    assert first_winter == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 09:00 GMT


def test_spring_forward_night_has_no_vanished_or_invented_slots():
    sunday = date(2026, 3, 29)  # 01:00 GMT → 02:00 BST
    windows = [WorkingWindow(6, time(0), time(4))]
    found = slots(day=sunday, windows=windows, timezone="Europe/London",
                  now=local(sunday - timedelta(days=2), 9))  # fmt: skip
    assert len(found) == 3 * 4 - 1  # three real hours, the last 30-minute slot starts at 03:30
    assert len(set(found)) == len(found)
    labels = local_times(found, LONDON)
    assert "01:30" not in labels  # that wall-clock time does not exist that night
    assert labels[:5] == ["00:00", "00:15", "00:30", "00:45", "02:00"]


def test_fall_back_night_offers_the_repeated_hour_once_per_real_instant():
    sunday = date(2026, 10, 25)  # 02:00 BST → 01:00 GMT
    windows = [WorkingWindow(6, time(0), time(4))]
    found = slots(day=sunday, windows=windows, timezone="Europe/London",
                  now=local(sunday - timedelta(days=2), 9))  # fmt: skip
    assert len(found) == 5 * 4 - 1  # five real hours
    assert len(set(found)) == len(found)
    assert all(b - a == timedelta(minutes=15) for a, b in zip(found, found[1:], strict=False))


def test_a_submitted_slot_is_checked_exactly():
    kwargs = {"timezone": "Asia/Kolkata", "windows": WEEKDAYS_9_TO_1, "busy": [],
              "request": FOLLOW_UP, "now": LONG_AGO}  # fmt: skip
    assert slot_is_free(local(MONDAY, 9, 15), **kwargs)
    assert not slot_is_free(local(MONDAY, 9, 20), **kwargs)  # off the grid: tampered
    assert not slot_is_free(local(MONDAY, 13), **kwargs)  # outside working hours
