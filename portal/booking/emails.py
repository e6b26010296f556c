"""What a patient is told about their appointments (booked, moved, cancelled, reminded),
with its .ics entry, queued in the outbox (portal/notifications) for the worker."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from portal.accounts.email_language import writing_to
from portal.accounts.services import has_real_email
from portal.booking.models import Appointment, AppointmentStatus
from portal.booking.policy import patient_may_change
from portal.booking.presenters import when
from portal.db_types import utcnow
from portal.extensions import db
from portal.languages import gettext as _
from portal.languages import ngettext
from portal.notifications.calendar import CalendarEntry, appointment_ics, calendar_ics
from portal.notifications.models import OutgoingEmail
from portal.notifications.services import sender_address
from portal.phone import display_phone
from portal.transactions import serialized

REMINDER_LEAD = timedelta(hours=24)


def _subject(kind: str, when: str) -> str:
    subjects = {
        "booked": lambda: _("Your appointment is booked: %(when)s", when=when),
        "moved": lambda: _("Your appointment has moved to %(when)s", when=when),
        "cancelled": lambda: _("Your appointment on %(when)s is cancelled", when=when),
        "reminder": lambda: _("Reminder: your appointment %(when)s", when=when),
    }
    return subjects[kind]()


def _opening(kind: str) -> str:
    openings = {
        "booked": lambda: _("Your appointment is booked."),
        "moved": lambda: _("Your appointment has moved. The new time is below."),
        "cancelled": lambda: _("Your appointment has been cancelled."),
        "reminder": lambda: _("A reminder of your appointment tomorrow."),
    }
    return openings[kind]()


def queue_appointment_email(
    appointment: Appointment, kind: str, reason: str | None = None
) -> OutgoingEmail | None:
    """Add the email to the current transaction; the worker is asked to send it once that
    commits (portal/worker/dispatch.py). It is written in the patient's language, whoever
    booked (the desk's English never reaches a patient who reads Kannada).

    Patients without a real address (a guest's home visit, booked by the desk) are phoned.
    """
    if not has_real_email(appointment.patient):
        return None
    with writing_to(appointment.patient) as language:
        email = OutgoingEmail(
            kind=kind,
            to_email=appointment.patient.email,
            subject=_subject(kind, _when(appointment, language)),
            body=_body(appointment, kind, language, reason),
            ics=appointment_ics(calendar_entry(appointment)),
            appointment_id=appointment.id,
        )
    db.session.add(email)
    return email


def calendar_entry(appointment: Appointment) -> CalendarEntry:
    """The .ics entry, its words in the current language (the caller's writing_to)."""
    return CalendarEntry(
        uid=appointment.uid,
        sequence=appointment.sequence,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        summary=_(
            "%(service)s with %(therapist)s",
            service=appointment.service.name,
            therapist=appointment.therapist.name,
        ),
        location=_where(appointment),
        description=_calendar_note(appointment),
        organizer_email=sender_address(),
        attendee_email=appointment.patient.email,
        cancelled=appointment.status is AppointmentStatus.CANCELLED,
        stamp=utcnow(),
    )


def _calendar_note(appointment: Appointment) -> str:
    if appointment.patient.can_log_in:
        return _(
            "Sthira Physio. To change or cancel, open My appointments in the portal or call us."
        )
    return _("Sthira Physio. To change or cancel, please call us.")


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


def _when(appointment: Appointment, language: str) -> str:
    return when(appointment.starts_at, _timezone(appointment), language)


def _timezone(appointment: Appointment) -> str:
    return appointment.centre.city.timezone


def _time_name(appointment: Appointment) -> str:
    """'Bengaluru time', as the site says it (not the zone's 'Kolkata')."""
    return _("%(city)s time", city=appointment.centre.city.name)


def _where(appointment: Appointment) -> str:
    if appointment.home_address:
        return appointment.home_address
    centre = appointment.centre
    return f"Sthira Physio {centre.name}, {centre.address}"


def _how_to_change(appointment: Appointment, phone: str) -> str:
    if not appointment.patient.can_log_in:
        if phone:
            return _("To move or cancel it, please call us on %(phone)s.", phone=phone)
        return _("To move or cancel it, please call your centre.")
    if not patient_may_change(appointment.starts_at, utcnow()):
        if phone:
            return _(
                "It starts within 12 hours, so it can no longer be changed online: please call "
                "us on %(phone)s.",
                phone=phone,
            )
        return _(
            "It starts within 12 hours, so it can no longer be changed online: please call "
            "your centre."
        )
    return _("You can move or cancel it online until 12 hours before it starts.")


def _details(appointment: Appointment, minutes: str) -> list[str]:
    return [
        _("What:  %(service)s (%(minutes)s)", service=appointment.service.name, minutes=minutes),
        _("With:  %(therapist)s", therapist=appointment.therapist.name),
    ]


def _body(appointment: Appointment, kind: str, language: str, reason: str | None = None) -> str:
    phone = display_phone(appointment.centre.phone)  # a home visit's: the therapist's centre
    duration = appointment.service.duration_minutes
    lines = [
        _("Dear %(name)s,", name=appointment.patient.name),
        "",
        _opening(kind),
        *([_("Why: %(reason)s", reason=reason)] if reason else []),
        "",
        *_details(appointment, ngettext("%(num)d minute", "%(num)d minutes", duration)),
        _(
            "When:  %(when)s (%(time_name)s)",
            when=_when(appointment, language),
            time_name=_time_name(appointment),
        ),
        _("Where: %(where)s", where=_where(appointment)),
        "",
    ]
    if kind != "cancelled":
        lines.append(_how_to_change(appointment, phone))
    if phone and (kind == "cancelled" or appointment.patient.can_log_in):
        lines.append(_("Questions? Call the centre on %(phone)s.", phone=phone))
    lines += ["", "Sthira Physio"]
    return "\n".join(lines)


def _series_subject(kind: str, count: int, first: str) -> str:
    if kind == "series_booked":
        return ngettext(
            "Your course of %(num)d session is booked, from %(first)s",
            "Your course of %(num)d sessions is booked, from %(first)s",
            count,
            first=first,
        )
    return ngettext(
        "%(num)d session of your course is cancelled, from %(first)s",
        "%(num)d sessions of your course are cancelled, from %(first)s",
        count,
        first=first,
    )


def _series_opening(kind: str, count: int) -> str:
    if kind == "series_booked":
        return ngettext(
            "Your course of %(num)d session is booked. The date is below; the calendar file "
            "attached holds it.",
            "Your course of %(num)d sessions is booked. The dates are below; the calendar file "
            "attached holds every one of them.",
            count,
        )
    return ngettext(
        "This %(num)d session of your course has been cancelled.",
        "These %(num)d sessions of your course have been cancelled.",
        count,
    )


def queue_series_email(
    appointments: Sequence[Appointment], kind: str, reason: str | None = None
) -> OutgoingEmail | None:
    """One email for several sessions of a course (booked, or the rest cancelled): every
    date in the centre's time, and one .ics with a VEVENT for each; in the patient's
    language."""
    first = appointments[0]
    if not has_real_email(first.patient):
        return None
    count = len(appointments)
    with writing_to(first.patient) as language:
        email = OutgoingEmail(
            kind=kind,
            to_email=first.patient.email,
            subject=_series_subject(kind, count, _when(first, language)),
            body=_series_body(appointments, kind, language, reason),
            ics=calendar_ics([calendar_entry(appointment) for appointment in appointments]),
            appointment_id=first.id,
        )
    db.session.add(email)
    return email


def _series_body(
    appointments: Sequence[Appointment], kind: str, language: str, reason: str | None
) -> str:
    first = appointments[0]
    phone = display_phone(first.centre.phone)
    duration = first.service.duration_minutes
    lines = [
        _("Dear %(name)s,", name=first.patient.name),
        "",
        _series_opening(kind, len(appointments)),
        *([_("Why: %(reason)s", reason=reason)] if reason else []),
        "",
        *_details(first, ngettext("%(num)d minute each", "%(num)d minutes each", duration)),
        _("Where: %(where)s", where=_where(first)),
        _("When (%(time_name)s):", time_name=_time_name(first)),
        *(
            f"  {n}. {_when(appointment, language)}"
            for n, appointment in enumerate(appointments, 1)
        ),
        "",
    ]
    if kind == "series_booked":
        lines.append(_series_how_to_change(first, phone))
    if phone:
        lines.append(_("Questions? Call the centre on %(phone)s.", phone=phone))
    lines += ["", "Sthira Physio"]
    return "\n".join(lines)


def _series_how_to_change(appointment: Appointment, phone: str) -> str:
    if not appointment.patient.can_log_in:
        if phone:
            return _("To move or cancel a session, please call us on %(phone)s.", phone=phone)
        return _("To move or cancel a session, please call your centre.")
    return _(
        "You can cancel one session, or that session and the rest of the course, in My "
        "appointments until 12 hours before it starts."
    )
