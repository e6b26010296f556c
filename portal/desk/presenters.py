"""The desk inbox as ready-made rows for the template."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from portal.accounts.models import User
from portal.accounts.services import has_real_email
from portal.booking.models import Appointment, AppointmentStatus
from portal.booking.policy import patient_may_change, staff_may_change
from portal.contact.models import CallbackRequest, CallbackStatus
from portal.contact.workflow import next_statuses
from portal.localtime import day_and_clock, describe_age
from portal.phone import display_phone, tel_uri
from portal.programs.models import TreatmentPlan

_ACTION_LABELS = {
    CallbackStatus.CONTACTED: "Mark contacted",
    CallbackStatus.CLOSED: "Close",
}


@dataclass(frozen=True)
class CallbackRow:
    id: int
    name: str
    phone: str
    phone_link: str
    city: str
    when: str
    message: str | None
    received: str
    received_ago: str
    handled: str | None
    actions: list[tuple[str, str]]  # (status value, button label)


@dataclass(frozen=True)
class Inbox:
    status: CallbackStatus
    rows: list[CallbackRow]
    tabs: list[tuple[CallbackStatus, int]]


def present_callback(callback: CallbackRequest) -> CallbackRow:
    timezone = callback.city.timezone
    handled = None
    if callback.status_changed_at is not None:
        who = callback.status_changed_by.name if callback.status_changed_by else "someone"
        when = day_and_clock(callback.status_changed_at, timezone)
        handled = f"Marked {callback.status.value} by {who}, {when}"
    return CallbackRow(
        id=callback.id,
        name=callback.name,
        phone=display_phone(callback.phone),
        phone_link=tel_uri(callback.phone),
        city=callback.city.name,
        when=callback.preferred_time.label,
        message=callback.message,
        received=day_and_clock(callback.created_at, timezone),
        received_ago=describe_age(callback.created_at),
        handled=handled,
        actions=[
            (status.value, _ACTION_LABELS[status])
            for status in CallbackStatus
            if status in next_statuses(callback.status)
        ],
    )


def present_inbox(
    callbacks: Sequence[CallbackRequest],
    status: CallbackStatus,
    counts: Mapping[CallbackStatus, int],
) -> Inbox:
    return Inbox(
        status=status,
        rows=[present_callback(callback) for callback in callbacks],
        tabs=[(each, counts.get(each, 0)) for each in CallbackStatus],
    )


@dataclass(frozen=True)
class DeskAppointment:
    id: int
    patient: str
    phone: str
    phone_link: str | None
    email: str | None  # None: no real address, so the desk phones them
    service: str
    therapist: str
    when: str
    place: str
    status: str
    changeable: bool  # booked and not begun: the desk may move or cancel it
    inside_cutoff: bool  # the patient could no longer change it online


def present_desk_appointment(appointment: Appointment, now: datetime) -> DeskAppointment:
    patient = appointment.patient
    timezone = appointment.centre.city.timezone
    booked = appointment.status is AppointmentStatus.BOOKED
    return DeskAppointment(
        id=appointment.id,
        patient=patient.name,
        phone=display_phone(patient.phone),
        phone_link=tel_uri(patient.phone) if patient.phone else None,
        email=patient.email if has_real_email(patient) else None,
        service=appointment.service.name,
        therapist=appointment.therapist.name,
        when=f"{day_and_clock(appointment.starts_at, timezone, year=False)} "
        f"({appointment.centre.city.name} time)",
        place=appointment.home_address or f"{appointment.centre.name} centre",
        status=appointment.status.value.replace("_", " "),
        changeable=booked and staff_may_change(appointment.starts_at, now),
        inside_cutoff=not patient_may_change(appointment.starts_at, now),
    )


@dataclass(frozen=True)
class PatientChoice:
    id: int
    name: str
    contact: str  # '+91 98450 12345 · name@example.com', or '… · no email'
    plans: list[tuple[int, str]]  # active plans (id, condition): a course can be booked


def present_patient_choice(patient: User, plans: Sequence[TreatmentPlan] = ()) -> PatientChoice:
    email = patient.email if has_real_email(patient) else "no email"
    contact = f"{display_phone(patient.phone)} · {email}"
    return PatientChoice(patient.id, patient.name, contact, [(p.id, p.condition) for p in plans])
