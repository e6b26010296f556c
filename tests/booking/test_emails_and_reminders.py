from datetime import timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from icalendar import Calendar
from sqlalchemy import select

from portal.booking.emails import queue_due_reminders
from portal.booking.models import Appointment
from portal.booking.presenters import slot_value
from portal.db_types import utcnow
from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from tests.worker_fixtures import at_once


def _emails(kind=None):
    query = select(OutgoingEmail).order_by(OutgoingEmail.id)
    if kind:
        query = query.where(OutgoingEmail.kind == kind)
    return db.session.scalars(query).all()


def _outbox(app) -> list[Path]:
    return sorted(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))


def _book(client, practice, start):
    url = f"/book/{practice['centre'].slug}/follow-up/confirm"
    return client.post(url, data={"start": slot_value(start), "therapist": "any"})


def _ics_of(eml: Path):
    message = message_from_bytes(eml.read_bytes(), policy=default)
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    return message, Calendar.from_ical(attachment.get_content())


def test_booking_sends_an_email_with_a_calendar_file(
    app, client, login_as, practice, upcoming_at, tmp_path, monkeypatch, run_worker
):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", tmp_path)
    login_as(practice["patient"])
    _book(client, practice, upcoming_at(11, 15))
    run_worker()
    [email] = _emails()
    assert email.sent_at is not None
    assert email.to_email == practice["patient"].email
    [eml] = _outbox(app)
    message, calendar = _ics_of(eml)
    assert "Your appointment is booked" in message["Subject"]
    assert "11:15 am" in message.get_body().get_content()
    [event] = calendar.walk("VEVENT")
    appointment = db.session.scalar(select(Appointment))
    assert event["UID"] == appointment.uid
    assert event.decoded("DTSTART") == upcoming_at(11, 15)


def test_moving_and_cancelling_update_the_same_calendar_entry(
    app, client, login_as, practice, upcoming_at, tmp_path, monkeypatch, run_worker
):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", tmp_path)
    login_as(practice["patient"])
    _book(client, practice, upcoming_at(11))
    appointment = db.session.scalar(select(Appointment))
    url = f"/book/{practice['centre'].slug}/follow-up/confirm"
    client.post(url, data={"start": slot_value(upcoming_at(12)), "reschedule": appointment.id})
    client.post(f"/appointments/{appointment.id}/cancel")
    run_worker()
    calendars = [_ics_of(eml)[1] for eml in _outbox(app)]
    methods = [str(c["METHOD"]) for c in calendars]
    events = [c.walk("VEVENT")[0] for c in calendars]
    assert methods == ["REQUEST", "REQUEST", "CANCEL"]
    assert {str(e["UID"]) for e in events} == {appointment.uid}
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1, 2]


def test_reminders_go_out_once_however_often_the_command_runs(
    app, make, runner, practice, upcoming_at
):
    soon = utcnow().replace(second=0, microsecond=0) + timedelta(hours=20)
    make.appointment(practice["patient"], practice["therapist"], practice["centre"],
                     practice["service"], soon)  # fmt: skip
    make.appointment(practice["patient"], practice["therapist"], practice["centre"],
                     practice["service"], soon + timedelta(days=3))  # fmt: skip
    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])
    assert "1 reminders queued" in first.output
    assert "0 reminders queued" in second.output
    assert len(_emails("reminder")) == 1
    assert "1 emails sent" in first.output  # cron without a worker still delivers


def test_two_reminder_runs_at_once_send_one_reminder(app, make, practice):
    soon = utcnow().replace(second=0, microsecond=0) + timedelta(hours=5)
    make.appointment(practice["patient"], practice["therapist"], practice["centre"],
                     practice["service"], soon)  # fmt: skip
    counts = at_once(app, queue_due_reminders)
    assert sorted(counts) == [0, 1]
    assert len(_emails("reminder")) == 1
