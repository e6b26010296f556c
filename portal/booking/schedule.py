"""Staff schedules: appointments per therapist for a day or a week, in the centre's time."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.audit.services import record_reads
from portal.booking.access import appointments_for
from portal.booking.models import Appointment, AppointmentStatus
from portal.booking.policy import staff_may_change
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
