"""Booking, moving and cancelling appointments, each in one serialized transaction; the
booking pages' reads (centres, services, a patient's appointments) and the outcome of one."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.models import User
from portal.booking.availability import available_slots
from portal.booking.emails import queue_appointment_email, queue_series_email
from portal.booking.models import (
    Appointment,
    AppointmentSeries,
    AppointmentStatus,
    Service,
    ServiceKind,
    WorkingHours,
)
from portal.booking.series import COURSE_HORIZON
from portal.booking.slots import DEFAULT_HORIZON
from portal.booking.waitlist import FreedSlot, offer_freed_slot
from portal.centres.models import Centre, City
from portal.db_types import utcnow
from portal.extensions import db
from portal.localtime import centre_zone
from portal.statements import built_once
from portal.transactions import serialized


class SlotTaken(Exception):
    """Someone else took the time (or it was never free)."""


class PatientBusy(Exception):
    """The patient already has an appointment at that time."""


@dataclass(frozen=True)
class BookingRequest:
    patient: User
    centre: Centre
    service: Service
    starts_at: datetime
    therapist_ids: list[int]  # one therapist, or every therapist for "any available"
    home_address: str | None = None
    horizon: timedelta = DEFAULT_HORIZON  # how far ahead it may be (a course: further)


def book(
    request: BookingRequest,
    now: datetime | None = None,
    then: Callable[[Appointment], None] | None = None,
) -> Appointment:
    """Take the slot for the first listed therapist who is free then, or raise.

    `then` runs inside the same transaction, for changes that must stand or fall with the
    booking (a home-visit request marked scheduled).
    """
    now = now or utcnow()
    try:
        with serialized(request.patient.id, *request.therapist_ids):
            therapist_id = _free_therapist(request, now)
            appointment = Appointment(
                patient_id=request.patient.id,
                therapist_id=therapist_id,
                centre_id=request.centre.id,
                service_id=request.service.id,
                starts_at=request.starts_at,
                ends_at=request.starts_at + request.service.duration,
                buffer_minutes=request.service.buffer_minutes,
                home_address=request.home_address,
            )
            db.session.add(appointment)
            db.session.flush()
            if then is not None:
                then(appointment)
            queue_appointment_email(appointment, "booked")
    except IntegrityError as error:
        # The database's own guard (exclusion constraint or unique index) caught a race.
        raise SlotTaken from error
    return appointment


def reschedule(
    appointment: Appointment, request: BookingRequest, now=None, reason: str | None = None
) -> Appointment:
    """Move an appointment: the old time is released only if the new one is taken.

    The freed time is offered to the waitlist, as a cancelled one would be.
    """
    now = now or utcnow()
    freed = FreedSlot.of(appointment)
    try:
        with serialized(request.patient.id, *request.therapist_ids):
            therapist_id = _free_therapist(request, now, ignore=appointment.id)
            appointment.therapist_id = therapist_id
            appointment.starts_at = request.starts_at
            appointment.ends_at = request.starts_at + request.service.duration
            appointment.sequence += 1
            appointment.reminder_sent_at = None  # a new time earns a new reminder
            db.session.flush()
            queue_appointment_email(appointment, "moved", reason=reason)
    except IntegrityError as error:
        raise SlotTaken from error
    offer_freed_slot(freed)
    return appointment


def cancel(appointment: Appointment, reason: str | None = None) -> bool:
    """Cancel, tell the patient and offer the time to the waitlist; False when it was not
    booked any more (a second click, or two requests at once: the second sends nothing)."""
    with serialized(appointment.patient_id, appointment.therapist_id):
        db.session.refresh(appointment)
        if appointment.status is not AppointmentStatus.BOOKED:
            return False
        mark_cancelled(appointment, reason)
    offer_freed_slot(FreedSlot.of(appointment))
    return True


def mark_cancelled(appointment: Appointment, reason: str | None = None) -> None:
    """Cancel inside the caller's transaction (the email is sent only if that commits)."""
    appointment.status = AppointmentStatus.CANCELLED
    appointment.sequence += 1
    queue_appointment_email(appointment, "cancelled", reason=reason)


class SeriesClash(Exception):
    """One session of a course could not be booked (so none was)."""

    def __init__(self, index: int, patient_busy: bool = False) -> None:
        super().__init__(index)
        self.index = index  # which of the starts, as given
        self.patient_busy = patient_busy


@dataclass(frozen=True)
class CourseBooking:
    patient: User
    therapist_id: int
    centre: Centre
    service: Service
    starts: list[datetime]
    booked_by: User
    plan_id: int | None = None


def book_series(course: CourseBooking, now: datetime | None = None) -> AppointmentSeries:
    """Book every session of a course, all or none: one serialized transaction, each session
    checked and written exactly as a single booking (the same check, the same database
    guards); the first that fails undoes them all (SeriesClash names it). One email."""
    now = now or utcnow()
    with serialized(course.patient.id, course.therapist_id):
        series = AppointmentSeries(
            patient_id=course.patient.id, therapist_id=course.therapist_id,
            centre_id=course.centre.id, service_id=course.service.id, plan_id=course.plan_id,
            booked_by_id=course.booked_by.id,
        )  # fmt: skip
        db.session.add(series)
        db.session.flush()
        booked = [_book_session(course, series, index, start, now)
                  for index, start in enumerate(course.starts)]  # fmt: skip
        queue_series_email(sorted(booked, key=lambda a: a.starts_at), "series_booked")
    return series


def _book_session(course: CourseBooking, series: AppointmentSeries, index: int, start, now):
    request = BookingRequest(course.patient, course.centre, course.service, start,
                             [course.therapist_id], horizon=COURSE_HORIZON)  # fmt: skip
    try:
        _free_therapist(request, now)
        appointment = Appointment(
            patient_id=course.patient.id, therapist_id=course.therapist_id,
            centre_id=course.centre.id, service_id=course.service.id, starts_at=start,
            ends_at=start + course.service.duration,
            buffer_minutes=course.service.buffer_minutes, series_id=series.id,
        )  # fmt: skip
        db.session.add(appointment)
        db.session.flush()
    except SlotTaken as taken:
        raise SeriesClash(index) from taken
    except PatientBusy as busy:
        raise SeriesClash(index, patient_busy=True) from busy
    except IntegrityError as error:  # the database's own guard caught a race
        raise SeriesClash(index) from error
    return appointment


def rest_of_series(appointment: Appointment) -> list[Appointment]:
    """This session and the later ones of its course that are still booked, by start."""
    if appointment.series_id is None:
        return [appointment] if appointment.status is AppointmentStatus.BOOKED else []
    return list(
        db.session.scalars(
            select(Appointment)
            .where(
                Appointment.series_id == appointment.series_id,
                Appointment.status == AppointmentStatus.BOOKED,
                Appointment.starts_at >= appointment.starts_at,
            )
            .order_by(Appointment.starts_at)
        )
    )


def cancel_rest_of_series(appointment: Appointment, reason: str | None = None) -> int:
    """Cancel this session and the rest of its course: one email; the times are offered to
    the waitlist. How many were cancelled (0: none was booked any more)."""
    with serialized(appointment.patient_id, appointment.therapist_id):
        db.session.refresh(appointment)
        rest = rest_of_series(appointment)
        for session in rest:
            session.status = AppointmentStatus.CANCELLED
            session.sequence += 1
        if rest:
            db.session.flush()
            queue_series_email(rest, "series_cancelled", reason=reason)
    for session in rest:
        offer_freed_slot(FreedSlot.of(session))
    return len(rest)


def _free_therapist(request: BookingRequest, now: datetime, ignore: int | None = None) -> int:
    day = request.starts_at.astimezone(centre_zone(request.centre)).date()
    free = {
        slot.therapist_id
        for slot in available_slots(
            centre=request.centre,
            service=request.service,
            therapist_ids=request.therapist_ids,
            first_day=day,
            last_day=day,
            now=now,
            ignore_appointment_id=ignore,
            horizon=request.horizon,
        )
        if slot.starts_at == request.starts_at
    }
    chosen = next((t for t in request.therapist_ids if t in free), None)
    if chosen is None:
        raise SlotTaken
    if _patient_has_appointment_then(request, ignore):
        raise PatientBusy
    return chosen


def _patient_has_appointment_then(request: BookingRequest, ignore: int | None) -> bool:
    end = request.starts_at + request.service.duration
    clash = db.session.scalar(
        select(Appointment.id).where(
            Appointment.patient_id == request.patient.id,
            Appointment.status == AppointmentStatus.BOOKED,
            Appointment.id != (ignore or -1),
            Appointment.starts_at < end,
            Appointment.ends_at > request.starts_at,
        )
    )
    return clash is not None


def centre_by_slug(slug: str) -> Centre | None:
    """The centre with its city (every booking page needs the city's time zone)."""
    return db.session.scalar(_centre_by_slug(), {"slug": slug})


@built_once
def _centre_by_slug() -> Select[Centre]:
    return select(Centre).where(Centre.slug == bindparam("slug")).options(joinedload(Centre.city))


def cities_with_bookable_centres() -> list[tuple[City, list[Centre]]]:
    """Each city (by name) with its centres where a therapist works (empty lists included)."""
    bookable = set(db.session.scalars(select(WorkingHours.centre_id).distinct()))
    cities = db.session.scalars(
        select(City).options(selectinload(City.centres)).order_by(City.name)
    ).all()
    return [(city, [c for c in city.centres if c.id in bookable]) for city in cities]


def outpatient_services() -> list[Service]:
    """The services booked at a centre, longest first."""
    return list(
        db.session.scalars(
            select(Service)
            .where(Service.kind == ServiceKind.OUTPATIENT, Service.active)
            .order_by(Service.duration_minutes.desc())
        )
    )


def outpatient_service(slug: str) -> Service | None:
    return db.session.scalar(_outpatient_service(), {"slug": slug})


@built_once
def _outpatient_service() -> Select[Service]:
    return select(Service).where(
        Service.slug == bindparam("slug"), Service.kind == ServiceKind.OUTPATIENT, Service.active
    )


def patient_appointments(patient_id: int) -> list[Appointment]:
    """All of a patient's appointments, by start, with their centre, service and therapist."""
    return list(
        db.session.scalars(
            select(Appointment)
            .where(Appointment.patient_id == patient_id)
            .options(
                selectinload(Appointment.centre).selectinload(Centre.city),
                selectinload(Appointment.service),
                selectinload(Appointment.therapist),
            )
            .order_by(Appointment.starts_at)
        )
    )


OUTCOMES = (AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW)


def record_outcome(appointment: Appointment, outcome: AppointmentStatus, now: datetime) -> bool:
    """Mark a booked appointment that has begun completed or missed (flushed); False, changing
    nothing, for any other."""
    if appointment.status is not AppointmentStatus.BOOKED or appointment.starts_at > now:
        return False
    appointment.status = outcome
    db.session.flush()
    return True


def plan_sessions(plan_id: int) -> list[Appointment]:
    """The booked sessions of the courses booked from a plan, by start."""
    return list(
        db.session.scalars(
            select(Appointment)
            .join(AppointmentSeries, Appointment.series_id == AppointmentSeries.id)
            .where(
                AppointmentSeries.plan_id == plan_id,
                Appointment.status == AppointmentStatus.BOOKED,
            )
            .order_by(Appointment.starts_at)
        )
    )
