"""The rota's reads and writes: the therapists a desk keeps, their working hours and time off.

Writes change and flush; the request commits (README: How a write works). Adding time off
never leaves booked appointments over it without a decision."""

from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from portal.accounts.models import TherapistProfile, User
from portal.accounts.scope import in_staff_city
from portal.booking.models import Appointment, AppointmentStatus, TimeOff, WorkingHours
from portal.booking.services import mark_cancelled
from portal.booking.slots import WorkingWindow
from portal.centres.models import Centre
from portal.extensions import db
from portal.rota.rules import Booked, clashing, time_off_blockers, window_problem
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


def kept_therapists(staff: User) -> Select[User]:
    """The therapists whose rota this member of staff keeps: their city's (admins: all)."""
    return in_staff_city(
        select(User)
        .join(TherapistProfile, TherapistProfile.user_id == User.id)
        .join(Centre, Centre.id == TherapistProfile.centre_id),
        Centre.city_id,
        staff,
    )


def therapists_page_query(staff: User) -> Select[User]:
    """kept_therapists in name order, with each one's centre for the list (no query a row)."""
    return (
        kept_therapists(staff)
        .options(contains_eager(User.therapist_profile).contains_eager(TherapistProfile.centre))
        .order_by(User.name, User.id)
    )


def kept_therapist(staff: User, therapist_id: int) -> User | None:
    return db.session.scalar(kept_therapists(staff).where(User.id == therapist_id))


def hours_of(therapist: User) -> list[WorkingHours]:
    return list(
        db.session.scalars(
            select(WorkingHours)
            .where(WorkingHours.therapist_id == therapist.id)
            .order_by(WorkingHours.weekday, WorkingHours.starts)
        )
    )


def centres_of_city(therapist: User) -> list[Centre]:
    """The centres of the therapist's city: where they may work."""
    city_id = therapist.as_therapist().centre.city_id
    return list(db.session.scalars(select(Centre).where(Centre.city_id == city_id)))


def time_off_ahead(therapist: User, now: datetime) -> list[TimeOff]:
    """Time off not yet over, by start."""
    return list(
        db.session.scalars(
            select(TimeOff)
            .where(TimeOff.therapist_id == therapist.id, TimeOff.ends_at > now)
            .order_by(TimeOff.starts_at)
        )
    )


def add_working_hours(therapist: User, centre_id: int, new: WorkingWindow) -> str | None:
    """Add the window, or say why not (it overlaps or is out of order), adding nothing."""
    existing = [WorkingWindow(row.weekday, row.starts, row.ends) for row in hours_of(therapist)]
    problem = window_problem(new, existing)
    if problem is None:
        db.session.add(
            WorkingHours(
                therapist_id=therapist.id,
                centre_id=centre_id,
                weekday=new.weekday,
                starts=new.starts,
                ends=new.ends,
            )
        )
        db.session.flush()
    return problem


RotaRow = TypeVar("RotaRow", WorkingHours, TimeOff)


def remove_rota_row(model: type[RotaRow], therapist: User, row_id: int) -> bool:
    """Delete one of the therapist's working hours or time off; another's row is not theirs
    (False, nothing deleted)."""
    row = db.session.get(model, row_id)
    if row is None or row.therapist_id != therapist.id:
        return False
    db.session.delete(row)
    db.session.flush()
    return True
