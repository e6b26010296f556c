"""Adding time off: never over booked appointments left without a decision."""

from datetime import datetime

from sqlalchemy import select

from portal.accounts.models import User
from portal.booking.models import Appointment, AppointmentStatus, TimeOff
from portal.booking.services import mark_cancelled
from portal.extensions import db
from portal.rota.rules import Booked, clashing, time_off_blockers
from portal.transactions import serialized


class TimeOffBlocked(Exception):
    """Booked appointments clash and not all of them are to be cancelled."""

    def __init__(self, clashes: list[Appointment]) -> None:
        super().__init__(f"{len(clashes)} booked appointments clash")
        self.clashes = clashes


def clashing_appointments(therapist: User, starts_at: datetime, ends_at: datetime):
    """The therapist's booked appointments that the time off would overlap, by start."""
    candidates = db.session.scalars(
        select(Appointment)
        .where(
            Appointment.therapist_id == therapist.id,
            Appointment.status == AppointmentStatus.BOOKED,
            Appointment.starts_at < ends_at,
            Appointment.ends_at > starts_at,
        )
        .order_by(Appointment.starts_at)
    ).all()
    booked = [Booked(a.id, a.starts_at, a.ends_at) for a in candidates]
    ids = set(clashing(booked, starts_at, ends_at))
    return [appointment for appointment in candidates if appointment.id in ids]


def take_time_off(
    therapist: User,
    starts_at: datetime,
    ends_at: datetime,
    reason: str | None,
    decisions: dict[int, str],
) -> list[Appointment]:
    """Save the time off and cancel (telling each patient) the clashing appointments the
    desk chose to cancel, all in one transaction; raise TimeOffBlocked, saving nothing, while
    any clashing appointment is kept or undecided (also one booked since the form showed)."""
    message = f"{therapist.name} is not available at that time. Please book another time."
    with serialized(therapist.id):
        clashes = clashing_appointments(therapist, starts_at, ends_at)
        if time_off_blockers([a.id for a in clashes], decisions):
            raise TimeOffBlocked(clashes)
        for appointment in clashes:
            mark_cancelled(appointment, reason=message)
        db.session.add(
            TimeOff(therapist_id=therapist.id, starts_at=starts_at, ends_at=ends_at, reason=reason)
        )
    return clashes
