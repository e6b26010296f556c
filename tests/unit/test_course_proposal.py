"""The course proposal (booking/series.py): weekdays, the preferred time, the count, and each
clash (working hours, time off, appointments and their buffers, the patient's own, cut-offs)
with the nearest free alternatives."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal.booking.series import (
    COURSE_HORIZON,
    CourseDiary,
    CourseRequest,
    Reason,
    Taken,
    course_days,
    nearest_free,
    propose,
    weekdays_for,
)
from portal.booking.slots import Busy, Diary, SlotRequest, WorkingWindow

KOLKATA = ZoneInfo("Asia/Kolkata")
LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 12, 7)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKDAYS_9_TO_6 = [WorkingWindow(day, time(9), time(18)) for day in range(MON, SAT)]
FOLLOW_UP = timedelta(minutes=30)
LONG_AGO = datetime(2026, 11, 1, tzinfo=UTC)


def local(day, hour, minute=0, zone=KOLKATA):
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def diary(taken=(), windows=WEEKDAYS_9_TO_6, now=LONG_AGO, duration=FOLLOW_UP,
          buffer=timedelta(0), timezone="Asia/Kolkata", horizon=COURSE_HORIZON):  # fmt: skip
    request = SlotRequest(duration=duration, buffer=buffer, horizon=horizon)
    therapist = Diary.of(
        timezone=timezone,
        windows=windows,
        busy=[t.busy for t in taken if t.reason is not Reason.PATIENT_BOOKED],
        request=request,
        now=now,
    )
    return CourseDiary(therapist, list(taken), duration, buffer)


def course(weekdays=(MON, THU), preferred=time(10), sessions=6, first_day=MONDAY):
    return CourseRequest(frozenset(weekdays), preferred, sessions, first_day)


def therapist_busy(start, minutes=45, buffer=0):
    end = start + timedelta(minutes=minutes)
    return Taken(Busy(start, end, timedelta(minutes=buffer)), Reason.THERAPIST_BOOKED)


def clock(moment, zone=KOLKATA):
    return f"{moment.astimezone(zone):%a %d %H:%M}"


def test_sessions_fall_on_the_chosen_weekdays_at_the_preferred_time_for_the_count():
    sessions = propose(course(), diary())
    assert [clock(s.proposed) for s in sessions] == [
        "Mon 07 10:00", "Thu 10 10:00", "Mon 14 10:00", "Thu 17 10:00",
        "Mon 21 10:00", "Thu 24 10:00",
    ]  # fmt: skip
    assert all(s.clash is None and s.alternatives == [] for s in sessions)
    assert [s.number for s in sessions] == [1, 2, 3, 4, 5, 6]


def test_the_count_is_editable_and_the_first_day_counts_when_it_is_a_chosen_weekday():
    assert len(propose(course(sessions=3), diary())) == 3
    assert course_days(course(weekdays=(WED,), sessions=2, first_day=MONDAY)) == [
        date(2026, 12, 9), date(2026, 12, 16)]  # fmt: skip
    assert course_days(course(weekdays=(), sessions=4)) == []


def test_a_half_hour_offset_zone_keeps_the_wall_clock_time():
    (session,) = propose(course(preferred=time(9, 30), sessions=1), diary())
    assert session.proposed == datetime(2026, 12, 7, 4, 0, tzinfo=UTC)  # 9:30 IST = 04:00 UTC


def test_each_day_uses_its_own_offset_across_daylight_saving():
    windows = [WorkingWindow(day, time(9), time(18)) for day in range(7)]
    request = CourseRequest(frozenset({MON}), time(10), 2, date(2026, 3, 23))
    london = diary(windows=windows, timezone="Europe/London", now=datetime(2026, 3, 1, tzinfo=UTC))
    first, second = propose(request, london)
    assert first.proposed == datetime(2026, 3, 23, 10, 0, tzinfo=UTC)  # GMT
    assert second.proposed == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)  # BST: 10 am local


def test_a_day_the_therapist_does_not_work_is_a_clash_with_alternatives_on_working_days():
    (session,) = propose(course(weekdays=(SAT,), sessions=1), diary())
    assert session.clash is Reason.NOT_WORKING
    assert session.proposed is None
    # Saturday off, Sunday off: Friday (a day before) has the nearest times; of two equally
    # near, the earlier comes first.
    assert [clock(a) for a in session.alternatives] == ["Fri 11 10:00", "Fri 11 09:45",
                                                        "Fri 11 10:15"]  # fmt: skip


def test_time_off_is_a_clash():
    away = Taken(Busy(local(MONDAY, 9), local(MONDAY, 13)), Reason.TIME_OFF)
    first, second = propose(course(sessions=2), diary([away]))
    assert first.clash is Reason.TIME_OFF
    assert [clock(a) for a in first.alternatives] == ["Mon 07 13:00", "Mon 07 13:15",
                                                      "Mon 07 13:30"]  # fmt: skip
    assert second.clash is None


def test_the_therapists_appointment_is_a_clash_and_alternatives_are_nearest_the_same_day():
    (session,) = propose(course(sessions=1), diary([therapist_busy(local(MONDAY, 9, 45))]))
    assert session.clash is Reason.THERAPIST_BOOKED
    assert [clock(a) for a in session.alternatives] == ["Mon 07 10:30", "Mon 07 09:15",
                                                        "Mon 07 10:45"]  # fmt: skip


def test_buffers_count_as_in_single_bookings():
    # A home visit ending at 9:45 with 30 minutes of travel: 10:00 is inside its buffer.
    taken = [therapist_busy(local(MONDAY, 8, 45), minutes=60, buffer=30)]
    (session,) = propose(course(sessions=1), diary(taken))
    assert session.clash is Reason.THERAPIST_BOOKED
    assert min(session.alternatives) >= local(MONDAY, 10, 15)


def test_the_patients_own_appointment_elsewhere_is_a_clash():
    elsewhere = Taken(Busy(local(MONDAY, 10), local(MONDAY, 10, 45)), Reason.PATIENT_BOOKED)
    (session,) = propose(course(sessions=1), diary([elsewhere]))
    assert session.clash is Reason.PATIENT_BOOKED
    assert local(MONDAY, 10, 30) not in session.alternatives
    assert local(MONDAY, 10, 45) in session.alternatives


def test_the_booking_lead_time_is_respected():
    now = local(MONDAY, 9)  # the lead is 2 h: 10:00 today is too soon, 11:00 is not
    first, second = propose(course(sessions=2), diary(now=now))
    assert first.clash is Reason.TOO_SOON
    assert clock(first.alternatives[0]) == "Mon 07 11:00"
    assert second.clash is None


def test_the_horizon_is_respected():
    # Booking opens 14 days ahead from Monday the 7th: up to Monday the 21st.
    sessions = propose(course(sessions=6), diary(horizon=timedelta(days=14), now=local(MONDAY, 0)))
    assert [s.clash for s in sessions] == [None] * 5 + [Reason.TOO_FAR]


def test_a_preferred_time_off_the_grid_is_not_a_slot():
    (session,) = propose(course(preferred=time(10, 5), sessions=1), diary())
    assert session.clash is Reason.NOT_A_SLOT
    assert [clock(a) for a in session.alternatives][:2] == ["Mon 07 10:00", "Mon 07 10:15"]


def test_a_preferred_time_too_late_for_the_visit_is_outside_working_hours():
    (session,) = propose(course(preferred=time(17, 45), sessions=1), diary())
    assert session.clash is Reason.NOT_WORKING


def test_alternatives_never_double_book_the_course_itself():
    # Weekdays Mon and Tue; Monday is taken all day, so its nearest alternatives lie on
    # Tuesday, where session 2 already sits at 10:00.
    away = Taken(Busy(local(MONDAY, 0), local(MONDAY, 23)), Reason.TIME_OFF)
    first, second = propose(course(weekdays=(MON, TUE), sessions=2), diary([away]))
    assert second.proposed == local(MONDAY + timedelta(days=1), 10)
    assert second.proposed not in first.alternatives
    assert all(abs(a - second.proposed) >= FOLLOW_UP for a in first.alternatives)


def test_nearest_free_looks_at_days_around_when_the_day_is_full():
    full = Taken(Busy(local(MONDAY, 0), local(MONDAY, 23, 59)), Reason.TIME_OFF)
    found = nearest_free(local(MONDAY, 10), time(10), diary([full]))
    assert [clock(a) for a in found] == ["Tue 08 10:00", "Tue 08 09:45", "Tue 08 10:15"]


@pytest.mark.parametrize(
    ("frequency", "weekdays"),
    [
        ("twice a week", {MON, THU}),
        ("Once a week", {MON}),
        ("3 times a week", {MON, WED, FRI}),
        ("three times a week", {MON, WED, FRI}),
        ("thrice weekly", {MON, WED, FRI}),
        ("four times a week", {MON, TUE, THU, FRI}),
        ("daily", {MON, TUE, WED, THU, FRI}),
        ("every day", {MON, TUE, WED, THU, FRI}),
        ("7x per week", {MON, TUE, WED, THU, FRI}),  # weekdays only: the centres' working week
        ("as needed", {MON, THU}),
    ],
)
def test_weekdays_start_from_the_plans_frequency(frequency, weekdays):
    assert weekdays_for(frequency) == weekdays
