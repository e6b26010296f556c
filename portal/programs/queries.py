"""Loading a patient's plans and logs in a fixed number of queries, whatever their size."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, overload

from flask import current_app
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Float,
    Label,
    Select,
    bindparam,
    cast,
    func,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, joinedload

from portal.accounts.models import PatientProfile, User
from portal.centres.models import Centre, City
from portal.extensions import db
from portal.programs.models import (
    HomeProgram,
    PlanStatus,
    PracticeLog,
    ProgramItem,
    ProgramVersion,
    PsfsAssessment,
    TreatmentPlan,
)
from portal.programs.plan_facts import AnyPlan, ItemFacts, PlanFacts
from portal.programs.schedule import (
    ScheduledItem,
    VersionStart,
    dues_per_weekday,
    version_in_force,
)
from portal.safety.rules import ScreeningAnswers
from portal.safety.services import safety_facts_of, screening_and_flags
from portal.safety.stops import FlagFacts
from portal.statements import built_once, read


def load_plans(
    patient_ids: Sequence[int], *, with_therapists: bool = True, with_programs: bool = True
) -> list[TreatmentPlan]:
    """The patients' plans with every version, item and technique, in one query: a patient has
    a handful of plans, versions and items, and each round trip costs more than their rows.
    Pages that never name the therapist leave their row out (`with_therapists=False`).
    (/today reads its plans as values instead, and only the versions it may show: plan_facts.)

    `with_programs=False`: the plans and their centres alone, for a page that needs only
    their dates (and plan_schedules() for what is due): making objects of every version, item
    and technique was two thirds of the statement's cost."""
    plans = _plans_of(with_therapists, with_programs=with_programs)
    return list(db.session.scalars(plans, {"patient_ids": list(patient_ids)}).unique())


@built_once
def _plans_of(with_therapists: bool, with_programs: bool) -> Select[TreatmentPlan]:
    # The therapist's name, not their roles: no role query on every patient page.
    therapist = joinedload(TreatmentPlan.therapist).lazyload(User.role_grants)
    programs = (
        joinedload(TreatmentPlan.program)
        .joinedload(HomeProgram.versions)
        .joinedload(ProgramVersion.items)
        .joinedload(ProgramItem.technique)
    )
    return (
        select(TreatmentPlan)
        .where(
            TreatmentPlan.patient_id.in_(bindparam("patient_ids", expanding=True)),
            TreatmentPlan.status != PlanStatus.CANCELLED,
        )
        .options(
            joinedload(TreatmentPlan.centre).joinedload(Centre.city),
            *([therapist] if with_therapists else []),
            *([programs] if with_programs else []),
        )
        .order_by(TreatmentPlan.start_date)
    )


@dataclass(frozen=True)
class PlanSchedule:
    """What decides which occurrences of a plan are due: its dates and each version's items.

    Pages that only count what is due (the dashboard) load this from a few columns instead of
    the whole plan."""

    status: PlanStatus
    start_date: date
    end_date: date | None
    versions: tuple[tuple[VersionStart, tuple[ScheduledItem, ...]], ...] = ()


def schedule_of(plan: TreatmentPlan) -> PlanSchedule:
    versions = plan.program.versions if plan.program is not None else []
    return PlanSchedule(
        plan.status,
        plan.start_date,
        plan.end_date,
        tuple(
            (
                VersionStart(version.id, version.number, version.effective_from),
                tuple(ScheduledItem(i.id, i.weekdays_mask, i.times_per_day) for i in version.items),
            )
            for version in versions
        ),
    )


def plan_schedules(
    patient_ids: Sequence[int], session: Session | None = None
) -> dict[int, list[PlanSchedule]]:
    """Each patient's plans (but cancelled ones) as dates, version starts and item schedules,
    a few columns a row, without making objects of them: schedule_of() of each plan
    load_plans() gives, a plan without a program with no versions."""
    rows = read(_schedule_rows(), {"patient_ids": list(patient_ids)}, session)
    plans: dict[int, tuple[int, tuple[PlanStatus, date, date | None]]] = {}
    versions: dict[int, dict[VersionStart, list[ScheduledItem]]] = defaultdict(dict)
    for patient_id, plan_id, status, start, end, version_id, number, since, *item in rows:
        plans[plan_id] = (patient_id, (status, start, end))
        if version_id is None:  # no program yet, or none published
            continue
        items = versions[plan_id].setdefault(VersionStart(version_id, number, since), [])
        if item[0] is not None:
            items.append(ScheduledItem(*item))
    by_patient: dict[int, list[PlanSchedule]] = defaultdict(list)
    for plan_id, (patient_id, dates) in plans.items():
        starts = tuple((start, tuple(items)) for start, items in versions[plan_id].items())
        by_patient[patient_id].append(PlanSchedule(*dates, versions=starts))
    return by_patient


@built_once
def _schedule_rows() -> Select:
    return (
        select(
            TreatmentPlan.patient_id,
            TreatmentPlan.id,
            TreatmentPlan.status,
            TreatmentPlan.start_date,
            TreatmentPlan.end_date,
            ProgramVersion.id,
            ProgramVersion.number,
            ProgramVersion.effective_from,
            ProgramItem.id,
            ProgramItem.weekdays_mask,
            ProgramItem.times_per_day,
        )
        .outerjoin(HomeProgram, HomeProgram.plan_id == TreatmentPlan.id)
        .outerjoin(ProgramVersion, ProgramVersion.program_id == HomeProgram.id)
        .outerjoin(ProgramItem, ProgramItem.version_id == ProgramVersion.id)
        .where(
            TreatmentPlan.patient_id.in_(bindparam("patient_ids", expanding=True)),
            TreatmentPlan.status != PlanStatus.CANCELLED,
        )
        .order_by(TreatmentPlan.id, ProgramVersion.id, ProgramItem.id)
    )


def plan_runs_on(plan: TreatmentPlan | PlanSchedule | PlanFacts, day: date) -> bool:
    if plan.status is PlanStatus.CANCELLED or day < plan.start_date:
        return False
    if plan.end_date is not None:
        return day <= plan.end_date
    return plan.status is PlanStatus.ACTIVE


@overload
def items_in_force(plan: TreatmentPlan, day: date) -> list[ProgramItem]: ...
@overload
def items_in_force(plan: PlanFacts, day: date) -> list[ItemFacts]: ...
def items_in_force(plan, day):
    """The items of the version in force on `day`, if the plan runs then (its model or its
    values: plan_facts)."""
    if plan.program is None or not plan_runs_on(plan, day):
        return []
    versions = {version.id: version for version in plan.program.versions}
    starts = [VersionStart(v.id, v.number, v.effective_from) for v in versions.values()]
    current = version_in_force(starts, day)
    return list(versions[current.version_id].items) if current else []


def scheduled_due_counts(
    schedules: Sequence[PlanSchedule], first: date, last: date
) -> dict[date, int]:
    """How many occurrences are due on each day from `first` to `last` (days with none left
    out). /progress asks this for a year: each version's dues are summed per weekday once, then
    each day of the version's stretch costs one addition."""
    if last < first:
        return {}
    totals = [0] * ((last - first).days + 1)
    for schedule in schedules:
        running = _running_days(schedule, first, last)
        if running is None:
            continue
        for since, until, per_weekday in _version_stretches(schedule, *running):
            for offset in range((since - first).days, (until - first).days + 1):
                totals[offset] += per_weekday[(first + timedelta(days=offset)).weekday()]
    return {first + timedelta(days=offset): due for offset, due in enumerate(totals) if due}


def weekly_from(schedules: Sequence[PlanSchedule]) -> date | None:
    """The day from which these plans make the same occurrences due every week: past every
    plan's start and end and every version's start (None: no plan makes anything due)."""
    changes = []
    for schedule in schedules:
        if _running_days(schedule, date.min, date.max) is None:
            continue
        changes.append(schedule.start_date)
        if schedule.end_date is not None and schedule.end_date < date.max:
            changes.append(schedule.end_date + timedelta(days=1))
        changes.extend(start.effective_from for start, _items in schedule.versions)
    return max(changes, default=None)


def _running_days(schedule: PlanSchedule, first: date, last: date) -> tuple[date, date] | None:
    """The days of [first, last] on which the plan runs (plan_runs_on, as a range)."""
    if schedule.status is PlanStatus.CANCELLED:
        return None
    if schedule.end_date is None and schedule.status is not PlanStatus.ACTIVE:
        return None
    since = max(first, schedule.start_date)
    until = last if schedule.end_date is None else min(last, schedule.end_date)
    return (since, until) if since <= until else None


def _version_stretches(
    schedule: PlanSchedule, since: date, until: date
) -> list[tuple[date, date, tuple[int, ...]]]:
    """Each version's days within [since, until] with its dues per weekday (Monday first).
    The version in force is the latest to have started (version_in_force): in start order, a
    version holds until the next one starts."""
    ordered = sorted(schedule.versions, key=lambda v: (v[0].effective_from, v[0].number))
    stretches = []
    for position, (start, items) in enumerate(ordered):
        ends = until
        if position + 1 < len(ordered):
            ends = min(until, ordered[position + 1][0].effective_from - timedelta(days=1))
        begins = max(since, start.effective_from)
        if begins <= ends:
            stretches.append((begins, ends, dues_per_weekday(items)))
    return stretches


@dataclass(frozen=True, slots=True)
class LoggedPractice:
    """One logged session as the patient's pages read it (a practice log's facts)."""

    item_id: int
    technique_id: int
    occurrence_date: date
    occurrence_index: int
    pain_before: int | None
    pain_after: int | None


def load_logs(patient_id: int, first: date, last: date) -> list[LoggedPractice]:
    """The patient's sessions logged from `first` to `last`, as values: read as columns, not
    objects, on every /today and practice page."""
    values = {"patient_id": patient_id, "first": first, "last": last}
    return [LoggedPractice(*row) for row in read(_logs_between(), values)]


def safety_and_logs(
    patient_id: int, first: date, last: date
) -> tuple[tuple[ScreeningAnswers | None, list[FlagFacts]], list[LoggedPractice]]:
    """The patient's screening and flags (as safety_facts) and their sessions logged from
    `first` to `last` (as load_logs), in one statement: a patient's day shows both, and each
    round trip is about a twentieth of /today's cost, in the database and in the portal."""
    values = {"patient_id": patient_id, "first": first, "last": last}
    rows = read(_safety_and_logs(), values).all()
    logs = [
        LoggedPractice(
            row.logged_item_id,
            row.logged_technique_id,
            row.logged_occurrence_date,
            row.logged_occurrence_index,
            row.logged_pain_before,
            row.logged_pain_after,
        )
        for row in rows
        if row.logged_occurrence_date is not None  # a log's row (never empty in one)
    ]
    safety = [row for row in rows if row.logged_occurrence_date is None]
    return safety_facts_of(safety), logs


@built_once
def _safety_and_logs() -> CompoundSelect:
    # The safety rows, then the log rows, each with NULLs in the other's columns (typed as
    # those columns, so the union's rows read back as they would alone).
    safety = screening_and_flags()
    logs = _logs_between()
    logged = [
        column.label(f"logged_{column.name}")
        for column in (*logs.selected_columns, PracticeLog.completed_at.expression)
    ]
    both = union_all(
        safety.add_columns(*_nothing_like(logged)),
        logs.with_only_columns(*_nothing_like(safety.selected_columns), *logged).order_by(None),
    )
    by_name = both.selected_columns
    return both.order_by(by_name.logged_occurrence_date, by_name.logged_completed_at)


def _nothing_like(columns: Iterable[ColumnElement[Any]]) -> list[Label]:
    return [type_coerce(null(), column.type).label(column.name) for column in columns]


@built_once
def _logs_between() -> Select[int, int, date, int, int | None, int | None]:
    return (
        select(
            PracticeLog.item_id,
            PracticeLog.technique_id,
            PracticeLog.occurrence_date,
            PracticeLog.occurrence_index,
            PracticeLog.pain_before,
            PracticeLog.pain_after,
        )
        .where(
            PracticeLog.patient_id == bindparam("patient_id"),
            PracticeLog.occurrence_date.between(bindparam("first"), bindparam("last")),
        )
        .order_by(PracticeLog.occurrence_date, PracticeLog.completed_at)
    )


def load_psfs(patient_id: int) -> list[PsfsAssessment]:
    """The patient's PSFS assessments with their scores, in one statement (a few a year, up
    to five scores each): loaded in a second one, the scores cost /progress and the patient
    record a round trip more than a patient without any."""
    return list(db.session.scalars(_psfs_of(), {"patient_id": patient_id}).unique())


@built_once
def _psfs_of() -> Select[PsfsAssessment]:
    return (
        select(PsfsAssessment)
        .where(PsfsAssessment.patient_id == bindparam("patient_id"))
        .options(joinedload(PsfsAssessment.scores))
        .order_by(PsfsAssessment.taken_on, PsfsAssessment.id)
    )


@dataclass(frozen=True)
class PracticeDay:
    """One day of a patient's practice: sessions logged and the average pain around them."""

    day: date
    done: int
    pain_before: float | None
    pain_after: float | None


def practice_days(patient_id: int, first: date, last: date) -> list[PracticeDay]:
    """A row per day with practice, summed by the database: a year of history is at most 366
    small rows, not every log."""
    rows = read(_days_between(), {"patient_id": patient_id, "first": first, "last": last})
    return [
        PracticeDay(day, done, _rounded(before), _rounded(after))
        for day, done, before, after in rows
    ]


@built_once
def _days_between() -> Select[date, int, float | None, float | None]:
    # The averages as floats: PostgreSQL's AVG of integers is a numeric, read as a Decimal,
    # a few times slower to take in and round (a year is up to 732 of them).
    return (
        select(
            PracticeLog.occurrence_date,
            func.count(),
            cast(func.avg(PracticeLog.pain_before), Float),
            cast(func.avg(PracticeLog.pain_after), Float),
        )
        .where(
            PracticeLog.patient_id == bindparam("patient_id"),
            PracticeLog.occurrence_date.between(bindparam("first"), bindparam("last")),
        )
        .group_by(PracticeLog.occurrence_date)
        .order_by(PracticeLog.occurrence_date)
    )


def _rounded(average: float | None) -> float | None:
    return None if average is None else round(average, 1)


def patient_centre(patient: User, plans: Sequence[AnyPlan]) -> Centre | None:
    """The patient's centre: their plan's centre, else their own centre."""
    for plan in plans:  # a loaded plan's centre is in the session: no statement for it
        return db.session.get(Centre, plan.centre_id)
    profile: PatientProfile | None = patient.patient_profile
    return profile.primary_centre if profile is not None else None


def patient_city(patient: User, plans: Sequence[TreatmentPlan]) -> City | None:
    centre = patient_centre(patient, plans)
    return centre.city if centre is not None else None


def patient_timezone(patient: User, plans: Sequence[AnyPlan]) -> str:
    """Their plan's centre's time zone, else their own centre's, else the clinic's."""
    for plan in plans:
        return plan.timezone
    city = patient_city(patient, ())
    return city.timezone if city is not None else current_app.config["DEFAULT_TIMEZONE"]
