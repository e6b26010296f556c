"""What a patient is told about their appointments (booked, moved, cancelled, reminded),
with its .ics entry, queued in the outbox (portal/notifications) for the worker."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from portal.accounts.services import has_real_email
from portal.booking.models import Appointment, AppointmentStatus
from portal.booking.policy import patient_may_change
from portal.booking.presenters import when
from portal.db_types import utcnow
from portal.extensions import db
from portal.notifications.calendar import CalendarEntry, appointment_ics, calendar_ics
from portal.notifications.models import OutgoingEmail
from portal.notifications.services import sender_address
from portal.phone import display_phone
from portal.transactions import serialized

REMINDER_LEAD = timedelta(hours=24)

_SUBJECTS = {
    "booked": "Your appointment is booked: {when}",
    "moved": "Your appointment has moved to {when}",
    "cancelled": "Your appointment on {when} is cancelled",
    "reminder": "Reminder: your appointment {when}",
}
_OPENINGS = {
    "booked": "Your appointment is booked.",
    "moved": "Your appointment has moved. The new time is below.",
    "cancelled": "Your appointment has been cancelled.",
    "reminder": "A reminder of your appointment tomorrow.",
}


def queue_appointment_email(
    appointment: Appointment, kind: str, reason: str | None = None
) -> OutgoingEmail | None:
    """Add the email to the current transaction; the worker is asked to send it once that
    commits (portal/worker/dispatch.py).

    Patients without a real address (a guest's home visit, booked by the desk) are phoned.
    """
    if not has_real_email(appointment.patient):
        return None
    email = OutgoingEmail(
        kind=kind,
        to_email=appointment.patient.email,
        subject=_SUBJECTS[kind].format(when=_when(appointment)),
        body=_body(appointment, kind, reason),
        ics=appointment_ics(calendar_entry(appointment)),
        appointment_id=appointment.id,
    )
    db.session.add(email)
    return email


def calendar_entry(appointment: Appointment) -> CalendarEntry:
    return CalendarEntry(
        uid=appointment.uid,
        sequence=appointment.sequence,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        summary=f"{appointment.service.name} with {appointment.therapist.name}",
        location=_where(appointment),
        description=_calendar_note(appointment),
        organizer_email=sender_address(),
        attendee_email=appointment.patient.email,
        cancelled=appointment.status is AppointmentStatus.CANCELLED,
        stamp=utcnow(),
    )


def _calendar_note(appointment: Appointment) -> str:
    if appointment.patient.can_log_in:
        return "Sthira Physio. To change or cancel, open My appointments in the portal or call us."
    return "Sthira Physio. To change or cancel, please call us."


def queue_due_reminders(now: datetime | None = None) -> int:
    """Queue one reminder per appointment starting within 24 hours, exactly once.

    Each appointment is claimed with a conditional UPDATE, so runs that overlap (cron firing
    twice, two servers) cannot both claim it.
    """
    now = now or utcnow()
    due = db.session.scalars(
        select(Appointment.id).where(
            Appointment.status == AppointmentStatus.BOOKED,
            Appointment.reminder_sent_at.is_(None),
            Appointment.starts_at > now,
            Appointment.starts_at <= now + REMINDER_LEAD,
        )
    ).all()
    queued = 0
    for appointment_id in due:
        with serialized():
            result = db.session.execute(
                update(Appointment)
                .where(Appointment.id == appointment_id, Appointment.reminder_sent_at.is_(None))
                .values(reminder_sent_at=now)
            )
            claimed = cast("CursorResult[Any]", result).rowcount  # an UPDATE: a cursor result
            if claimed:
                queue_appointment_email(db.session.get_one(Appointment, appointment_id), "reminder")
                queued += 1
    return queued


def _when(appointment: Appointment) -> str:
    return when(appointment.starts_at, _timezone(appointment))


def _timezone(appointment: Appointment) -> str:
    return appointment.centre.city.timezone


def _time_name(appointment: Appointment) -> str:
    """'Bengaluru time', as the site says it (not the zone's 'Kolkata')."""
    return f"{appointment.centre.city.name} time"


def _where(appointment: Appointment) -> str:
    if appointment.home_address:
        return appointment.home_address
    centre = appointment.centre
    return f"Sthira Physio {centre.name}, {centre.address}"


def _how_to_change(appointment: Appointment, phone: str) -> str:
    call = f"call us on {phone}" if phone else "call your centre"
    if not appointment.patient.can_log_in:
        return f"To move or cancel it, please {call}."
    if not patient_may_change(appointment.starts_at, utcnow()):
        return f"It starts within 12 hours, so it can no longer be changed online: please {call}."
    return "You can move or cancel it online until 12 hours before it starts."


def _body(appointment: Appointment, kind: str, reason: str | None = None) -> str:
    phone = display_phone(appointment.centre.phone)  # a home visit's: the therapist's centre
    lines = [
        f"Dear {appointment.patient.name},",
        "",
        _OPENINGS[kind],
        *([f"Why: {reason}"] if reason else []),
        "",
        f"What:  {appointment.service.name} ({appointment.service.duration_minutes} minutes)",
        f"With:  {appointment.therapist.name}",
        f"When:  {_when(appointment)} ({_time_name(appointment)})",
        f"Where: {_where(appointment)}",
        "",
    ]
    if kind != "cancelled":
        lines.append(_how_to_change(appointment, phone))
    if phone and (kind == "cancelled" or appointment.patient.can_log_in):
        lines.append(f"Questions? Call the centre on {phone}.")
    lines += ["", "Sthira Physio"]
    return "\n".join(lines)


_SERIES_SUBJECTS = {
    "series_booked": "Your course of {count} sessions is booked, from {first}",
    "series_cancelled": "{count} sessions of your course are cancelled, from {first}",
}
_SERIES_OPENINGS = {
    "series_booked": "Your course of {count} sessions is booked. The dates are below; the "
    "calendar file attached holds every one of them.",
    "series_cancelled": "These {count} sessions of your course have been cancelled.",
}


def queue_series_email(
    appointments: Sequence[Appointment], kind: str, reason: str | None = None
) -> OutgoingEmail | None:
    """One email for several sessions of a course (booked, or the rest cancelled): every
    date in the centre's time, and one .ics with a VEVENT for each."""
    first = appointments[0]
    if not has_real_email(first.patient):
        return None
    count = len(appointments)
    email = OutgoingEmail(
        kind=kind,
        to_email=first.patient.email,
        subject=_SERIES_SUBJECTS[kind].format(count=count, first=_when(first)),
        body=_series_body(appointments, kind, reason),
        ics=calendar_ics([calendar_entry(appointment) for appointment in appointments]),
        appointment_id=first.id,
    )
    db.session.add(email)
    return email


def _series_body(appointments: Sequence[Appointment], kind: str, reason: str | None) -> str:
    first = appointments[0]
    phone = display_phone(first.centre.phone)
    lines = [
        f"Dear {first.patient.name},",
        "",
        _SERIES_OPENINGS[kind].format(count=len(appointments)),
        *([f"Why: {reason}"] if reason else []),
        "",
        f"What:  {first.service.name} ({first.service.duration_minutes} minutes each)",
        f"With:  {first.therapist.name}",
        f"Where: {_where(first)}",
        f"When ({_time_name(first)}):",
        *(f"  {n}. {_when(appointment)}" for n, appointment in enumerate(appointments, 1)),
        "",
    ]
    if kind == "series_booked":
        lines.append(_series_how_to_change(first, phone))
    if phone:
        lines.append(f"Questions? Call the centre on {phone}.")
    lines += ["", "Sthira Physio"]
    return "\n".join(lines)


def _series_how_to_change(appointment: Appointment, phone: str) -> str:
    if not appointment.patient.can_log_in:
        return f"To move or cancel a session, please call us on {phone or 'your centre'}."
    return (
        "You can cancel one session, or that session and the rest of the course, in My "
        "appointments until 12 hours before it starts."
    )
