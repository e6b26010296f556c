"""Staff schedules: appointments per therapist for a day or a week, in the centre's time."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import aliased

from portal.accounts.models import User
from portal.accounts.scope import Reach, reach_condition, reach_values
from portal.audit.services import record_reads
from portal.booking.access import appointments_within
from portal.booking.models import Appointment, AppointmentStatus, Service
from portal.booking.policy import staff_may_change
from portal.centres.models import Centre
from portal.localtime import Zone, as_zone, clock, to_local
from portal.pagination import Page, page_bounds, page_from_rows
from portal.request_values import parse_id
from portal.statements import built_once, read


@dataclass(frozen=True)
class ScheduleEntry:
    id: int
    starts: str
    ends: str
    patient: str
    patient_id: int
    therapist_id: int
    service: str
    place: str
    status: AppointmentStatus
    can_mark: bool  # booked and already begun: completed or no-show can be recorded
    can_change: bool  # booked and not begun: the desk may move or cancel it
    begun: bool  # its start has passed (a treatment note can be written)


@dataclass(frozen=True)
class ScheduleDay:
    day: date
    therapists: list[tuple[str, int, list[ScheduleEntry]]]  # (name, id, entries) on this page
    count: int  # appointments that day on every page


@dataclass(frozen=True)
class ScheduleFilter:
    """Narrowing a schedule to one centre or one therapist (ids from the URL: they only ever
    narrow what `appointments_for` lets this member of staff see)."""

    centre_id: int | None = None
    therapist_id: int | None = None

    @classmethod
    def from_args(cls, args) -> "ScheduleFilter":
        return cls(parse_id(args.get("centre")), parse_id(args.get("therapist")))

    @property
    def args(self) -> dict[str, int]:
        """The filter as URL arguments, for links that keep it."""
        kept = {"centre": self.centre_id, "therapist": self.therapist_id}
        return {name: value for name, value in kept.items() if value is not None}


@dataclass(frozen=True)
class Schedule:
    days: list[ScheduleDay]
    narrow: ScheduleFilter
    page: Page  # of therapists with appointments in the days shown
    centres: list[tuple[int, str]]  # to choose from, when there is more than one to see
    therapist_name: str | None  # when narrowed to one therapist
    per_therapist: list[tuple[str, int, list[tuple[date, int]]]]  # (name, id, [(day, count)])

    @property
    def therapists_shown(self) -> tuple[int, int]:
        """Which therapists, counted by name from 1, this page shows."""
        first = (self.page.number - 1) * THERAPISTS_PER_PAGE + 1
        return first, first + len(self.page.items) - 1


THERAPISTS_PER_PAGE = 10  # a desk's city has ~75: a day page stays near 50 KB, a week's smaller


def schedule(
    staff: User,
    first: date,
    days: int,
    zone: Zone,
    now: datetime,
    narrow: ScheduleFilter = ScheduleFilter(),  # noqa: B008  (frozen, never changed)
    page_number: int = 1,
    details: bool = True,
) -> Schedule:
    """One page of therapists' appointments over `days` days from `first`: a fixed number of
    queries, and only the appointments shown are read (and audited). Without `details` (the
    week), only how many each therapist has each day: no patient is read."""
    local = as_zone(zone)
    shown = [first + timedelta(days=n) for n in range(days)]
    bounds = [_local_day(day, local) for day in shown]
    # The statements are built once per shape (rule, narrowing, number of days): building
    # them on every request cost a fifth of the page's time. What varies is bound when run.
    rule, values = reach_values(staff)
    shape = _Shape(rule, narrow.centre_id is not None, narrow.therapist_id is not None, days)
    values |= {
        "centre_id": narrow.centre_id,
        "therapist_id": narrow.therapist_id,
        "range_start": bounds[0][0],
        "range_end": bounds[-1][1],
        **{f"start_{n}": start for n, (start, _end) in enumerate(bounds)},
        **{f"end_{n}": end for n, (_start, end) in enumerate(bounds)},
    }
    counted = _therapists_with_counts(shape, values)
    offset, limit = page_bounds(page_number, THERAPISTS_PER_PAGE)
    page = page_from_rows(counted[offset : offset + limit], page_number, THERAPISTS_PER_PAGE)
    names = {row.therapist_id: row.name for row in page.items}
    rows = _appointments(shape, values, list(names)) if names and details else []
    record_reads("schedule_viewed", [row.patient_id for row in rows])
    entries = _entries_by_day(rows, local, now)
    totals = [sum(counts) for counts in zip(*(row.counts for row in counted), strict=True)]
    return Schedule(
        days=[
            ScheduleDay(day, _by_name(entries[day], names), total)
            for day, total in zip(shown, totals or [0] * days, strict=True)
        ],
        narrow=narrow,
        page=page,
        centres=_centres_to_choose(rule, values),
        therapist_name=_therapist_name(counted, narrow),
        per_therapist=[
            (row.name, row.therapist_id, list(zip(shown, row.counts, strict=True)))
            for row in page.items
        ],
    )


@dataclass(frozen=True)
class _Shape:
    """What a schedule's statements are built for: the staff's rule, whether the view is
    narrowed to a centre or to a therapist, and how many days it shows."""

    rule: Reach
    by_centre: bool
    by_therapist: bool
    days: int


@dataclass(frozen=True)
class _TherapistCount:
    therapist_id: int
    name: str
    counts: tuple[int, ...]  # appointments on each day shown


def _local_day(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), zone).astimezone(UTC)
    return start, datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(UTC)


def _in_range(shape: _Shape) -> Select[Appointment]:
    """The appointments this view may show: the rule's id ("about"), the narrowing
    ("centre_id", "therapist_id") and the days ("range_start", "range_end") bound when run."""
    query = appointments_within(shape.rule)
    if shape.by_centre:
        query = query.where(Appointment.centre_id == bindparam("centre_id"))
    if shape.by_therapist:
        query = query.where(Appointment.therapist_id == bindparam("therapist_id"))
    return query.where(
        Appointment.starts_at >= bindparam("range_start"),
        Appointment.starts_at < bindparam("range_end"),
    )


def _therapists_with_counts(shape: _Shape, values: dict) -> list[_TherapistCount]:
    return [
        _TherapistCount(therapist_id, name, tuple(counts))
        for therapist_id, name, *counts in read(_counts_of(shape), values)
    ]


@built_once
def _counts_of(shape: _Shape) -> Select:
    """Every therapist with an appointment in range, by name, with a count per day ("start_n"
    to "end_n"): one row per therapist (bounded by the staff, not by the appointments).
    Counted by therapist id first, then named: sorting a city's week of appointments (2,000)
    by name cost more than counting them."""
    per_day = [
        func.count()
        .filter(
            Appointment.starts_at >= bindparam(f"start_{number}"),
            Appointment.starts_at < bindparam(f"end_{number}"),
        )
        .label(f"day_{number}")
        for number in range(shape.days)
    ]
    counts = (
        _in_range(shape)
        .with_only_columns(Appointment.therapist_id, *per_day)
        .group_by(Appointment.therapist_id)
        .subquery()
    )
    therapist_id, *day_counts = counts.c
    # Each name looked up by its key: joined, the planner read every user (patients too) to
    # hash them for the few dozen therapists.
    name = select(User.name).where(User.id == therapist_id).scalar_subquery().label("name")
    return select(therapist_id, name, *day_counts).order_by(name, therapist_id)


def _appointments(shape: _Shape, values: dict, therapist_ids: list[int]) -> list[Row]:
    """The page's appointments with the names shown, in one query (no ORM objects)."""
    found = read(_appointments_of(shape), values | {"therapist_ids": therapist_ids})
    return list(found.all())


@built_once
def _appointments_of(shape: _Shape) -> Select:
    patient, place = aliased(User), aliased(Centre)
    return (
        _in_range(shape)
        .with_only_columns(
            Appointment.id,
            Appointment.patient_id,
            Appointment.therapist_id,
            Appointment.starts_at,
            Appointment.ends_at,
            Appointment.status,
            Appointment.home_address,
            patient.name.label("patient"),
            Service.name.label("service"),
            place.name.label("centre"),
        )
        .join(patient, patient.id == Appointment.patient_id)
        .join(Service, Service.id == Appointment.service_id)
        .outerjoin(place, place.id == Appointment.centre_id)
        .where(Appointment.therapist_id.in_(bindparam("therapist_ids", expanding=True)))
        .order_by(Appointment.starts_at, Appointment.id)
    )


def _entries_by_day(rows, zone: ZoneInfo, now: datetime):
    by_day: dict[date, dict[int, list[ScheduleEntry]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        local_start = to_local(row.starts_at, zone)
        by_day[local_start.date()][row.therapist_id].append(_entry(row, local_start, zone, now))
    return by_day


def _by_name(entries: dict[int, list[ScheduleEntry]], names: dict[int, str]):
    """(name, id, entries) in the page's order (by name), leaving out those with none."""
    return [(name, therapist_id, entries[therapist_id])
            for therapist_id, name in names.items() if therapist_id in entries]  # fmt: skip


def _entry(row: Row, local_start: datetime, zone, now) -> ScheduleEntry:
    booked = row.status is AppointmentStatus.BOOKED
    return ScheduleEntry(
        id=row.id,
        starts=clock(local_start),
        ends=clock(to_local(row.ends_at, zone)),
        patient=row.patient,
        patient_id=row.patient_id,
        therapist_id=row.therapist_id,
        service=row.service,
        place=row.home_address or row.centre,
        status=row.status,
        can_mark=booked and row.starts_at <= now,
        can_change=booked and staff_may_change(row.starts_at, now),
        begun=row.starts_at <= now,
    )


def _centres_to_choose(rule: Reach, values: dict[str, object]) -> list[tuple[int, str]]:
    """The centres a desk (its city's) or an admin (all) may narrow to; a therapist none."""
    rows = read(_centres_of(rule), values)
    return [(centre_id, name) for centre_id, name in rows]


@built_once
def _centres_of(rule: Reach) -> Select[int, str]:
    reach = reach_condition(
        rule, bindparam("about"), city=lambda city_id: Centre.city_id == city_id
    )
    return select(Centre.id, Centre.name).where(reach).order_by(Centre.name)


def _therapist_name(counted: list[_TherapistCount], narrow: ScheduleFilter) -> str | None:
    if narrow.therapist_id is None:
        return None
    return next((row.name for row in counted if row.therapist_id == narrow.therapist_id), "")
