"""The reminder: queued once for an appointment starting within the next 24 hours (not 23, not
25), carrying the booking's calendar entry updated to its latest version.

Tests the queue (`queue_due_reminders` and the OutgoingEmail rows it adds), not delivery.
"""

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal.booking.emails import queue_due_reminders
from portal.booking.models import Appointment
from portal.booking.presenters import slot_value
from portal.db_types import utcnow
from portal.extensions import db
from portal.notifications.models import OutgoingEmail

A_MINUTE = timedelta(minutes=1)
A_DAY = timedelta(hours=24)


def queued(kind: str) -> list[OutgoingEmail]:
    query = select(OutgoingEmail).where(OutgoingEmail.kind == kind).order_by(OutgoingEmail.id)
    return db.session.scalars(query).all()


def calendar_event(email: OutgoingEmail):
    calendar = Calendar.from_ical(email.ics)
    [event] = calendar.walk("VEVENT")
    return calendar, event


@pytest.fixture
def now():
    return utcnow().replace(second=0, microsecond=0)


@pytest.fixture
def appointment_at(make, practice):
    def at(starts_at):
        return make.appointment(
            practice["patient"], practice["therapist"], practice["centre"], practice["service"],
            starts_at,
        )  # fmt: skip

    return at


def test_an_appointment_just_inside_24_hours_gets_exactly_one_reminder(now, appointment_at):
    appointment = appointment_at(now + A_DAY - A_MINUTE)
    assert queue_due_reminders(now) == 1
    assert queue_due_reminders(now) == 0
    assert queue_due_reminders(now + 10 * A_MINUTE) == 0  # the next cron run: already reminded
    [reminder] = queued("reminder")
    assert reminder.appointment_id == appointment.id
    assert reminder.to_email == appointment.patient.email


def test_an_appointment_just_outside_24_hours_is_reminded_once_it_is_inside(now, appointment_at):
    appointment = appointment_at(now + A_DAY + A_MINUTE)
    assert queue_due_reminders(now) == 0
    assert queued("reminder") == []
    assert queue_due_reminders(now + 2 * A_MINUTE) == 1  # now 23 h 59 min ahead
    [reminder] = queued("reminder")
    assert reminder.appointment_id == appointment.id


def test_the_reminder_carries_the_bookings_calendar_entry_at_its_latest_version(
    client, login_as, practice, upcoming_at
):
    login_as(practice["patient"])
    url = f"/book/{practice['centre'].slug}/follow-up/confirm"
    # Two days ahead: after 22:30 in Bengaluru, tomorrow at 10:30 is inside the 12-hour
    # cut-off, and a booking there can no longer be moved online.
    booked_at, moved_to = upcoming_at(10, 30, days=2), upcoming_at(11, 15, days=2)
    client.post(url, data={"start": slot_value(booked_at), "therapist": "any"})
    appointment = db.session.scalar(select(Appointment))
    client.post(url, data={"start": slot_value(moved_to), "reschedule": appointment.id})
    db.session.refresh(appointment)
    assert appointment.sequence == 1  # booked, then moved once

    assert queue_due_reminders(appointment.starts_at - A_DAY + A_MINUTE) == 1
    [booked] = queued("booked")
    [reminder] = queued("reminder")
    calendar, event = calendar_event(reminder)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == str(calendar_event(booked)[1]["UID"]) == appointment.uid
    assert int(event["SEQUENCE"]) == 1
    start = moved_to
    assert (start.hour, start.minute) == (5, 45)  # 11:15 in Bengaluru (UTC+5:30)
    assert event.decoded("DTSTART") == start
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in reminder.ics.decode()  # written in UTC
    assert event.decoded("DTEND") == start + practice["service"].duration
    assert "11:15 am" in reminder.subject
    assert "11:15 am (Bengaluru time)" in reminder.body
