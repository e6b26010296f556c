"""The sweep over blocked intervals gives exactly the slots the rules define.

The reference below is the rule written the plain way (every candidate start against every
busy interval with `clashes`); the fast `free_slots` must agree with it on any input.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.booking.slots import (
    GRID,
    Busy,
    Diary,
    SlotRequest,
    WorkingWindow,
    blocked_starts,
    clashes,
    free_slots,
    local_window,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
MONDAY = date(2026, 11, 30)
LONG_AGO = datetime(2026, 11, 1, tzinfo=UTC)
FOLLOW_UP = SlotRequest(duration=timedelta(minutes=30))
SPLIT_DAY = [
    window
    for day in range(5)
    for window in (WorkingWindow(day, time(9), time(13)), WorkingWindow(day, time(14), time(18)))
]


def reference_free_slots(*, timezone, windows, busy, request, now, first_day, last_day):
    """Every grid start of every working window, kept when it clashes with nothing."""
    zone = ZoneInfo(timezone)
    earliest = now + request.lead
    latest_day = (now + request.horizon).astimezone(zone).date()
    found = []
    day = first_day
    while day <= min(last_day, latest_day):
        for window in (w for w in windows if w.weekday == day.weekday()):
            start, end = local_window(day, window, zone)
            while start + request.duration <= end:
                stop = start + request.duration
                if start >= earliest and not any(
                    clashes(start, stop, request.buffer, taken) for taken in busy
                ):
                    found.append(start)
                start += GRID
        day += timedelta(days=1)
    return found


def local(day, hour, minute=0, zone=KOLKATA):
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def labels(found, zone=KOLKATA):
    return [f"{s.astimezone(zone):%H:%M}" for s in found]


def slots(busy=(), request=FOLLOW_UP, windows=SPLIT_DAY, now=LONG_AGO, day=MONDAY):
    return free_slots(timezone="Asia/Kolkata", windows=windows, busy=busy, request=request,
                      now=now, first_day=day, last_day=day)  # fmt: skip


def test_lunch_between_two_windows_is_never_offered():
    found = labels(slots())
    assert "12:30" in found and "12:45" not in found  # a 30-minute visit ends by 13:00
    assert "13:00" not in found and "13:45" not in found
    assert "14:00" in found
    assert len(found) == 2 * 15


def test_a_slot_may_start_the_moment_an_appointment_ends_and_end_as_the_next_begins():
    busy = [
        Busy(local(MONDAY, 9), local(MONDAY, 10)),
        Busy(local(MONDAY, 10, 30), local(MONDAY, 11)),
    ]
    found = labels(slots(busy))
    assert found[:2] == ["10:00", "11:00"]


def test_the_larger_buffer_of_the_two_visits_keeps_them_apart():
    home_visit = Busy(local(MONDAY, 10), local(MONDAY, 11), buffer=timedelta(minutes=30))
    with_travel = SlotRequest(duration=timedelta(minutes=30), buffer=timedelta(minutes=15))
    found = labels(slots([home_visit], request=with_travel))
    assert "09:00" in found and "09:15" not in found  # ends 9:45: 15 min short of its 30
    assert "11:30" in found and "11:15" not in found


def test_blocked_starts_merge_overlaps_and_keep_touching_intervals_apart():
    at = lambda minute: local(MONDAY, 9) + timedelta(minutes=minute)  # noqa: E731
    request = SlotRequest(duration=timedelta(minutes=30))
    busy = [Busy(at(60), at(90)), Busy(at(0), at(30)), Busy(at(70), at(120))]
    busy.append(Busy(at(150), at(160)))
    assert blocked_starts(busy, request) == [
        (at(-30), at(30)),
        (at(30), at(120)),  # touches the first (start 9:30 itself is free): not merged
        (at(120), at(160)),
    ]
    assert labels(slots(busy))[:1] == ["09:30"]


def test_time_off_over_the_whole_morning_blocks_it_and_only_it():
    off = Busy(local(MONDAY, 8), local(MONDAY, 13, 10))
    found = labels(slots([off]))
    assert found[0] == "14:00"


def test_lead_time_and_horizon_cut_the_days_asked_for():
    now = local(MONDAY, 10, 5)
    found = labels(slots(now=now))
    assert found[0] == "12:15"  # 12:05 is the earliest start; the grid comes from 9:00
    horizon_day = MONDAY + timedelta(days=31)
    assert slots(now=now, day=horizon_day) == []


def test_a_day_is_open_while_one_slot_is_left_and_closed_when_none_is():
    def diary(busy_until):
        busy = [Busy(local(MONDAY, 9), busy_until)]
        return Diary.of(timezone="Asia/Kolkata", windows=SPLIT_DAY, request=FOLLOW_UP,
                        now=LONG_AGO, busy=busy)  # fmt: skip

    assert diary(local(MONDAY, 17, 30)).is_open(MONDAY)  # 17:30 is left
    full = diary(local(MONDAY, 18))
    assert not full.is_open(MONDAY)
    assert full.is_open(MONDAY + timedelta(days=1))
    assert not full.is_open(MONDAY + timedelta(days=6))  # a Sunday: no hours


def test_the_diary_gives_the_same_slots_asked_day_by_day_or_for_a_range():
    busy = [Busy(local(MONDAY + timedelta(days=n), 10), local(MONDAY + timedelta(days=n), 12))
            for n in range(5)]  # fmt: skip
    diary = Diary.of(timezone="Asia/Kolkata", windows=SPLIT_DAY, busy=busy, request=FOLLOW_UP,
                     now=LONG_AGO)  # fmt: skip
    days = [MONDAY + timedelta(days=n) for n in range(7)]
    by_day = [start for day in days for start in diary.slots(day, day)]
    assert by_day == list(diary.slots(days[0], days[-1]))


# Any input: the sweep and the reference agree ---------------------------------------------

ZONES = ["Asia/Kolkata", "Europe/London"]
FIRST_DAYS = [date(2026, 11, 30), date(2026, 3, 28), date(2026, 10, 24)]  # incl. DST nights
minutes = st.integers(min_value=0, max_value=24 * 60 - 1)


@st.composite
def window(draw):
    starts = draw(minutes)
    ends = draw(st.integers(min_value=starts + 1, max_value=24 * 60))
    as_time = lambda m: time(23, 59) if m >= 24 * 60 else time(m // 60, m % 60)  # noqa: E731
    return WorkingWindow(draw(st.integers(0, 6)), as_time(starts), as_time(ends))


@st.composite
def busy_time(draw, first_instant):
    start = first_instant + timedelta(minutes=draw(st.integers(-24 * 60, 5 * 24 * 60)))
    length = timedelta(minutes=draw(st.integers(1, 8 * 60)))
    buffer = timedelta(minutes=draw(st.sampled_from([0, 0, 15, 30, 45])))
    return Busy(start, start + length, buffer)


@st.composite
def case(draw):
    timezone = draw(st.sampled_from(ZONES))
    first_day = draw(st.sampled_from(FIRST_DAYS))
    first_instant = datetime.combine(first_day, time(0), ZoneInfo(timezone)).astimezone(UTC)
    request = SlotRequest(
        duration=timedelta(minutes=draw(st.sampled_from([15, 30, 45, 60, 90]))),
        buffer=timedelta(minutes=draw(st.sampled_from([0, 15, 30]))),
        lead=timedelta(minutes=draw(st.sampled_from([0, 120]))),
        horizon=timedelta(days=draw(st.sampled_from([1, 3, 30]))),
    )
    return {
        "timezone": timezone,
        "windows": draw(st.lists(window(), max_size=5)),
        "busy": draw(st.lists(busy_time(first_instant), max_size=25)),
        "request": request,
        "now": first_instant + timedelta(minutes=draw(st.integers(-3 * 24 * 60, 2 * 24 * 60))),
        "first_day": first_day,
        "last_day": first_day + timedelta(days=draw(st.integers(0, 3))),
    }


@settings(max_examples=300, deadline=None)
@given(case())
def test_the_sweep_finds_exactly_the_slots_the_rules_define(arguments):
    assert free_slots(**arguments) == reference_free_slots(**arguments)


@settings(max_examples=100, deadline=None)
@given(case())
def test_a_day_is_open_exactly_when_the_rules_give_it_a_slot(arguments):
    diary = Diary.of(**{k: arguments[k] for k in ("timezone", "windows", "busy", "request", "now")})
    day = arguments["first_day"]
    assert diary.is_open(day) == bool(reference_free_slots(**{**arguments, "last_day": day}))
