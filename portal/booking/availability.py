"""Loading what the slot rules need, in a fixed number of queries, and asking them."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Select,
    SmallInteger,
    bindparam,
    literal,
    select,
    union_all,
)

from portal.accounts.models import TherapistProfile, User
from portal.booking.models import Appointment, AppointmentStatus, Service, TimeOff, WorkingHours
from portal.booking.series import COURSE_HORIZON, NEARBY_DAYS, CourseDiary, Reason, Taken
from portal.booking.slots import DEFAULT_HORIZON, Busy, Diary, SlotRequest, WorkingWindow
from portal.centres.models import Centre
from portal.extensions import db
from portal.localtime import centre_zone
from portal.statements import built_once, read

# Bounds the index range scan of busy appointments from below; no visit lasts a day (services
# last at most 4 h, plus travel), and the window read already starts a day early.
LONGEST_APPOINTMENT = timedelta(days=1)


@dataclass(frozen=True)
class TherapistSlot:
    starts_at: datetime
    therapist_id: int


def therapists_at(centre: Centre, home_visits: bool = False) -> list[User]:
    return list(db.session.scalars(_therapists_query(False, home_visits), {"centre_id": centre.id}))


def therapist_ids_at(centre: Centre) -> list[int]:
    """The ids of therapists_at(centre), same order, without loading the accounts."""
    return list(read(_therapists_query(True, False), {"centre_id": centre.id}).scalars())


@built_once
def _therapists_query(ids_only: bool, home_visits: bool) -> Select:
    query = (
        (select(User.id, User.name) if ids_only else select(User))
        .join(TherapistProfile, TherapistProfile.user_id == User.id)
        .join(WorkingHours, WorkingHours.therapist_id == User.id)
        .where(WorkingHours.centre_id == bindparam("centre_id"), User.active.is_(True))
        .distinct()
        .order_by(User.name)
    )
    if home_visits:
        query = query.where(TherapistProfile.does_home_visits.is_(True))
    return query


def available_slots(
    *,
    centre: Centre,
    service: Service,
    therapist_ids: Sequence[int],
    first_day: date,
    last_day: date,
    now: datetime,
    ignore_appointment_id: int | None = None,
    horizon: timedelta = DEFAULT_HORIZON,
) -> list[TherapistSlot]:
    """Free slots of the given therapists at the centre: three queries in all."""
    diaries = _diaries(centre, service, therapist_ids, first_day, last_day, now,
                       ignore_appointment_id, horizon)  # fmt: skip
    return _slots_of(diaries, first_day, last_day)


@dataclass(frozen=True)
class SlotStep:
    """What the time step shows: which days have a free time, and the times of one day."""

    open_days: set[date]
    day: date
    slots: list[TherapistSlot]


def slot_step(
    *,
    centre: Centre,
    service: Service,
    therapist_ids: Sequence[int],
    first_day: date,
    days: int,
    wanted: date | None,
    now: datetime,
    ignore_appointment_id: int | None = None,
) -> SlotStep:
    """The days from first_day that have a free slot (each checked up to its first free
    slot), and every free slot of the wanted day, else of the first open day."""
    last_day = first_day + timedelta(days=days - 1)
    diaries = _diaries(centre, service, therapist_ids, first_day, last_day, now,
                       ignore_appointment_id)  # fmt: skip
    shown = [first_day + timedelta(days=n) for n in range(days)]
    open_days = {day for day in shown if any(diary.is_open(day) for diary in diaries.values())}
    if wanted is None or not first_day <= wanted <= last_day:
        wanted = min(open_days, default=first_day)
    return SlotStep(open_days, wanted, _slots_of(diaries, wanted, wanted))


def _diaries(centre, service, therapist_ids, first_day, last_day, now, ignore_appointment_id,
             horizon: timedelta = DEFAULT_HORIZON):  # fmt: skip
    zone = centre_zone(centre)
    window_start = datetime.combine(first_day, time(0), zone).astimezone(UTC) - timedelta(days=1)
    window_end = datetime.combine(last_day, time(0), zone).astimezone(UTC) + timedelta(days=2)
    windows = _windows(centre, therapist_ids)
    busy = _busy(therapist_ids, window_start, window_end, ignore_appointment_id)
    request = SlotRequest(duration=service.duration, buffer=service.buffer, horizon=horizon)
    return {
        therapist_id: Diary.of(
            timezone=centre.city.timezone,
            windows=windows.get(therapist_id, []),
            busy=busy.get(therapist_id, []),
            request=request,
            now=now,
        )
        for therapist_id in therapist_ids
    }


def _slots_of(diaries: dict[int, Diary], first_day: date, last_day: date) -> list[TherapistSlot]:
    found = [
        TherapistSlot(start, therapist_id)
        for therapist_id, diary in diaries.items()
        for start in diary.slots(first_day, last_day)
    ]
    return sorted(found, key=lambda slot: (slot.starts_at, slot.therapist_id))


def _windows(centre: Centre, therapist_ids: Sequence[int]) -> dict[int, list[WorkingWindow]]:
    rows = read(_windows_of(), {"centre_id": centre.id, "therapist_ids": list(therapist_ids)})
    windows = defaultdict(list)
    for therapist_id, weekday, starts, ends in rows:
        windows[therapist_id].append(WorkingWindow(weekday, starts, ends))
    return windows


@built_once
def _windows_of() -> Select:
    return select(
        WorkingHours.therapist_id, WorkingHours.weekday, WorkingHours.starts, WorkingHours.ends
    ).where(
        WorkingHours.centre_id == bindparam("centre_id"),
        WorkingHours.therapist_id.in_(bindparam("therapist_ids", expanding=True)),
    )


def _busy(therapist_ids, start, end, ignore_appointment_id) -> dict[int, list[Busy]]:
    """Booked appointments (with their buffers) and time off, in one query."""
    busy = defaultdict(list)
    buffers: dict[int, timedelta] = {}
    window = {
        "therapist_ids": list(therapist_ids),
        "start": start,
        "end": end,
        "earliest_start": start - LONGEST_APPOINTMENT,
        "ignored_id": ignore_appointment_id or -1,
    }
    # .all(): one fetch for a fortnight of a centre's appointments (hundreds), not one a row.
    for therapist_id, starts_at, ends_at, buffer_minutes in read(_busy_in_window(), window).all():
        if (buffer := buffers.get(buffer_minutes)) is None:
            buffer = buffers[buffer_minutes] = timedelta(minutes=buffer_minutes)
        busy[therapist_id].append(Busy(starts_at, ends_at, buffer))
    return busy


@built_once
def _busy_in_window() -> CompoundSelect:
    # Each bind takes its column's type where it is compared (UtcDateTime for the times).
    therapist_ids: BindParameter[list[int]] = bindparam("therapist_ids", expanding=True)
    start: BindParameter[datetime] = bindparam("start")
    end: BindParameter[datetime] = bindparam("end")
    appointments = select(
        Appointment.therapist_id,
        Appointment.starts_at,
        Appointment.ends_at,
        Appointment.buffer_minutes,
    ).where(
        Appointment.therapist_id.in_(therapist_ids),
        Appointment.status == AppointmentStatus.BOOKED,
        Appointment.starts_at < end,
        Appointment.starts_at > bindparam("earliest_start"),
        Appointment.ends_at > start,
        Appointment.id != bindparam("ignored_id"),
    )
    time_off = select(
        TimeOff.therapist_id, TimeOff.starts_at, TimeOff.ends_at, literal(0, SmallInteger)
    ).where(
        TimeOff.therapist_id.in_(therapist_ids),
        TimeOff.starts_at < end,
        TimeOff.ends_at > start,
    )
    return union_all(appointments, time_off)


def course_diary(
    *,
    centre: Centre,
    service: Service,
    therapist_id: int,
    patient_id: int,
    first_day: date,
    last_day: date,
    now: datetime,
    horizon: timedelta = COURSE_HORIZON,
) -> CourseDiary:
    """What a course proposal needs from first_day to last_day (local dates, plus the days
    its alternatives may come from): the therapist's diary, and everything taken, labelled."""
    zone = centre_zone(centre)
    start = datetime.combine(first_day - timedelta(days=NEARBY_DAYS + 1), time(0), zone)
    end = datetime.combine(last_day + timedelta(days=NEARBY_DAYS + 2), time(0), zone)
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    taken = [
        *_labelled_appointments(Appointment.therapist_id == therapist_id, start, end,
                                Reason.THERAPIST_BOOKED),
        *_labelled_appointments(Appointment.patient_id == patient_id, start, end,
                                Reason.PATIENT_BOOKED),
        *(Taken(Busy(off.starts_at, off.ends_at), Reason.TIME_OFF)
          for off in db.session.scalars(select(TimeOff).where(
              TimeOff.therapist_id == therapist_id, TimeOff.starts_at < end,
              TimeOff.ends_at > start))),
    ]  # fmt: skip
    request = SlotRequest(duration=service.duration, buffer=service.buffer, horizon=horizon)
    therapist = Diary.of(
        timezone=centre.city.timezone,
        windows=_windows(centre, [therapist_id]).get(therapist_id, []),
        busy=[t.busy for t in taken if t.reason is not Reason.PATIENT_BOOKED],
        request=request,
        now=now,
    )
    return CourseDiary(therapist, taken, service.duration, service.buffer)


def _labelled_appointments(whose, start: datetime, end: datetime, reason: Reason) -> list[Taken]:
    rows = db.session.execute(
        select(Appointment.starts_at, Appointment.ends_at, Appointment.buffer_minutes).where(
            whose,
            Appointment.status == AppointmentStatus.BOOKED,
            Appointment.starts_at < end,
            Appointment.starts_at > start - LONGEST_APPOINTMENT,
            Appointment.ends_at > start,
        )
    )
    return [
        Taken(Busy(starts_at, ends_at, timedelta(minutes=buffer)), reason)
        for starts_at, ends_at, buffer in rows
    ]
