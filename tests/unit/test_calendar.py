from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from portal.notifications.calendar import CalendarEntry, appointment_ics

START = datetime(2026, 11, 30, 3, 45, tzinfo=UTC)  # 9:15 am in Kolkata


def entry(**changes):
    values = {
        "uid": "42-abc@sthira-physio",
        "sequence": 0,
        "starts_at": START,
        "ends_at": START + timedelta(minutes=30),
        "summary": "Follow-up session with Dr. Arjun Hegde",
        "location": "Sthira Physio Indiranagar, 12th Main Road, Bengaluru 560038",
        "description": "Bring your exercise log.",
        "organizer_email": "care@sthira.test",
        "attendee_email": "rohan@example.com",
    }
    return CalendarEntry(**{**values, **changes})


def parse(ics: bytes):
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_a_booking_is_a_request_in_utc():
    calendar, event = parse(appointment_ics(entry()))
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == "42-abc@sthira-physio"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert b"DTSTART:20261130T034500Z" in appointment_ics(entry())
    assert event["STATUS"] == "CONFIRMED"


def test_a_change_keeps_the_uid_and_raises_the_sequence():
    _, first = parse(appointment_ics(entry()))
    later = START + timedelta(hours=1)
    moved_entry = entry(sequence=1, starts_at=later, ends_at=later + timedelta(minutes=30))
    _, moved = parse(appointment_ics(moved_entry))
    assert moved["UID"] == first["UID"]
    assert moved["SEQUENCE"] == 1


def test_a_cancellation_says_cancel():
    calendar, event = parse(appointment_ics(entry(sequence=2, cancelled=True)))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"


def test_a_london_appointment_after_the_clocks_change_has_the_right_utc_time():
    from zoneinfo import ZoneInfo

    london_summer = datetime(2026, 7, 6, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    summer_entry = entry(starts_at=london_summer, ends_at=london_summer + timedelta(minutes=30))
    _, event = parse(appointment_ics(summer_entry))
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 7, 6, 8, 0, tzinfo=UTC)


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        appointment_ics(entry(starts_at=datetime(2026, 11, 30, 9, 0)))  # noqa: DTZ001
