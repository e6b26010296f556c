"""Staff schedules: appointments per therapist for a day or a week, in the centre's time."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import abort
from sqlalchemy import Select, false, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.services import record_read, record_reads
from portal.booking.models import Appointment, AppointmentStatus
from portal.booking.policy import staff_may_change
from portal.centres.models import Centre
from portal.extensions import db
from portal.localtime import Zone, as_zone, clock, to_local


@dataclass(frozen=True)
class ScheduleEntry:
    id: int
    starts: str
    ends: str
    patient: str
    patient_id: int
    service: str
    place: str
    status: AppointmentStatus
    can_mark: bool  # booked and already begun: completed or no-show can be recorded
    can_change: bool  # booked and not begun: the desk may move or cancel it


@dataclass(frozen=True)
class ScheduleDay:
    day: date
    therapists: list[tuple[str, list[ScheduleEntry]]]

    @property
    def count(self) -> int:
        return sum(len(entries) for _, entries in self.therapists)


def appointments_for(staff: User) -> Select[Appointment]:
    """The appointments a member of staff may see on a schedule."""
    query = select(Appointment)
    if Role.ADMIN in staff.roles:
        return query
    if Role.DESK in staff.roles and staff.desk_profile is not None:
        return query.join(Centre, Centre.id == Appointment.centre_id).where(
            Centre.city_id == staff.desk_profile.city_id
        )
    if Role.THERAPIST in staff.roles:
        return query.where(Appointment.therapist_id == staff.id)
    return query.where(false())


def get_visible_appointment_or_404(staff: User, appointment_id: int) -> Appointment:
    appointment = db.session.scalar(appointments_for(staff).where(Appointment.id == appointment_id))
    if appointment is None:
        abort(404)
    record_read("appointment_viewed", appointment.patient_id, appointment)
    return appointment


def schedule(staff: User, first: date, days: int, zone: Zone, now: datetime) -> list[ScheduleDay]:
    local = as_zone(zone)
    start = datetime.combine(first, time(0), local).astimezone(UTC)
    end = datetime.combine(first + timedelta(days=days), time(0), local).astimezone(UTC)
    rows = db.session.scalars(
        appointments_for(staff)
        .where(Appointment.starts_at >= start, Appointment.starts_at < end)
        .options(
            selectinload(Appointment.patient),
            selectinload(Appointment.therapist),
            selectinload(Appointment.service),
            selectinload(Appointment.centre),
        )
        .order_by(Appointment.starts_at)
    ).all()
    record_reads("schedule_viewed", [appointment.patient_id for appointment in rows])
    by_day: dict[date, dict[str, list[ScheduleEntry]]] = defaultdict(lambda: defaultdict(list))
    for appointment in rows:
        local_start = to_local(appointment.starts_at, local)
        by_day[local_start.date()][appointment.therapist.name].append(
            ScheduleEntry(
                id=appointment.id,
                starts=clock(local_start),
                ends=clock(to_local(appointment.ends_at, local)),
                patient=appointment.patient.name,
                patient_id=appointment.patient_id,
                service=appointment.service.name,
                place=appointment.home_address or appointment.centre.name,
                status=appointment.status,
                can_mark=appointment.status is AppointmentStatus.BOOKED
                and appointment.starts_at <= now,
                can_change=appointment.status is AppointmentStatus.BOOKED
                and staff_may_change(appointment.starts_at, now),
            )
        )
    return [
        ScheduleDay(day, sorted(by_day[day].items()))
        for day in (first + timedelta(days=n) for n in range(days))
    ]
