"""What the desk does for a patient who phones: register them once, change their
appointments inside the cut-off, with a reason the patient is told."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from portal.accounts.models import RoleGrant, User
from portal.accounts.roles import Role
from portal.accounts.services import (
    create_patient_without_login,
    find_user_by_email,
    normalise_email,
)
from portal.booking.availability import available_slots, therapists_at
from portal.booking.models import Appointment
from portal.booking.presenters import slot_value
from portal.centres.models import Centre
from portal.db_types import utcnow
from portal.extensions import db
from portal.localtime import centre_zone, clock


@dataclass(frozen=True)
class Duplicate:
    field: str  # "phone" or "email": where the form shows it
    patient: User


def find_duplicate(phone: str, email: str | None) -> Duplicate | None:
    """An existing account with this phone number (a patient's) or this email, if any."""
    same_phone = db.session.scalar(
        select(User)
        .join(RoleGrant, (RoleGrant.user_id == User.id) & (RoleGrant.role == Role.PATIENT))
        .where(User.phone == phone)
        .order_by(User.id)
        .limit(1)
    )
    if same_phone is not None:
        return Duplicate("phone", same_phone)
    same_email = find_user_by_email(email) if email else None
    return Duplicate("email", same_email) if same_email is not None else None


def register_phoned_patient(name: str, phone: str, email: str | None, centre: Centre) -> User:
    """A patient account for someone who phoned; no email gives an address nothing is sent to."""
    return create_patient_without_login(
        name=name.strip(),
        phone=phone,
        email=normalise_email(email) if email else None,
        centre=centre,
    )


def move_choices(appointment: Appointment, day: date) -> list[tuple[str, str]]:
    """Free times on `day` for this appointment's service at its centre, with any therapist
    there who could take it (home visits: those who do them), other than where it is now."""
    centre = appointment.centre
    therapists = therapists_at(centre, home_visits=appointment.home_address is not None)
    names = {person.id: person.name for person in therapists}
    slots = available_slots(
        centre=centre, service=appointment.service, therapist_ids=list(names), first_day=day,
        last_day=day, now=utcnow(), ignore_appointment_id=appointment.id,
    )  # fmt: skip
    zone = centre_zone(centre)
    return [
        (f"{slot.therapist_id}@{slot_value(slot.starts_at)}",
         f"{clock(slot.starts_at.astimezone(zone))} · {names[slot.therapist_id]}")
        for slot in slots
        if (slot.therapist_id, slot.starts_at) != (appointment.therapist_id, appointment.starts_at)
    ]  # fmt: skip


def parse_move_choice(value: str) -> tuple[int, datetime]:
    """'12@2026-12-03T05:30Z' → (therapist 12, that instant); only ever given a listed value."""
    therapist_id, _, instant = value.partition("@")
    return int(therapist_id), datetime.fromisoformat(instant).astimezone(UTC)
