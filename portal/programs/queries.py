"""Loading a patient's plans and logs in a fixed number of queries, whatever their size."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.models import PatientProfile, User
from portal.centres.models import Centre, City
from portal.extensions import db

# booking/views.py still imports local_date from here; it is localtime.local_today now. Drop
# this line once that module (being split on another branch) imports it from localtime.
from portal.localtime import local_today as local_date  # noqa: F401
from portal.programs.models import (
    HomeProgram,
    PlanStatus,
    PracticeLog,
    ProgramItem,
    ProgramVersion,
    PsfsAssessment,
    TreatmentPlan,
)
from portal.programs.schedule import ScheduledItem, VersionStart, occurrences_due, version_in_force


def load_plans(patient_ids: Sequence[int]) -> list[TreatmentPlan]:
    """The patients' plans with every version, item and technique: four queries in all."""
    return list(
        db.session.scalars(
            select(TreatmentPlan)
            .where(
                TreatmentPlan.patient_id.in_(patient_ids),
                TreatmentPlan.status != PlanStatus.CANCELLED,
            )
            .options(
                joinedload(TreatmentPlan.centre).joinedload(Centre.city),
                # The therapist's name, not their roles: no role query on every patient page.
                joinedload(TreatmentPlan.therapist).lazyload(User.role_grants),
                selectinload(TreatmentPlan.program)
                .selectinload(HomeProgram.versions)
                .selectinload(ProgramVersion.items)
                .joinedload(ProgramItem.technique),
            )
            .order_by(TreatmentPlan.start_date)
        ).unique()
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


def plan_runs_on(plan: TreatmentPlan | PlanSchedule, day: date) -> bool:
    if plan.status is PlanStatus.CANCELLED or day < plan.start_date:
        return False
    if plan.end_date is not None:
        return day <= plan.end_date
    return plan.status is PlanStatus.ACTIVE


def items_in_force(plan: TreatmentPlan, day: date) -> list[ProgramItem]:
    if plan.program is None or not plan_runs_on(plan, day):
        return []
    versions = {version.id: version for version in plan.program.versions}
    starts = [VersionStart(v.id, v.number, v.effective_from) for v in versions.values()]
    current = version_in_force(starts, day)
    return list(versions[current.version_id].items) if current else []


def due_counts(plans: Sequence[TreatmentPlan], first: date, last: date) -> dict[date, int]:
    """How many occurrences were due on each day of the range (pure work over loaded plans)."""
    return scheduled_due_counts([schedule_of(plan) for plan in plans], first, last)


def scheduled_due_counts(
    schedules: Sequence[PlanSchedule], first: date, last: date
) -> dict[date, int]:
    counts: dict[date, int] = {}
    day = first
    while day <= last:
        items = [item for schedule in schedules for item in _scheduled_on(schedule, day)]
        if due := len(occurrences_due(items, day)):
            counts[day] = due
        day += timedelta(days=1)
    return counts


def _scheduled_on(schedule: PlanSchedule, day: date) -> tuple[ScheduledItem, ...]:
    if not plan_runs_on(schedule, day):
        return ()
    current = version_in_force([start for start, _ in schedule.versions], day)
    if current is None:
        return ()
    return next(items for start, items in schedule.versions if start == current)


def load_logs(patient_ids: Sequence[int], first: date, last: date) -> list[PracticeLog]:
    return list(
        db.session.scalars(
            select(PracticeLog)
            .where(
                PracticeLog.patient_id.in_(patient_ids),
                PracticeLog.occurrence_date.between(first, last),
            )
            .order_by(PracticeLog.occurrence_date, PracticeLog.completed_at)
        )
    )


def load_psfs(patient_id: int) -> list[PsfsAssessment]:
    return list(
        db.session.scalars(
            select(PsfsAssessment)
            .where(PsfsAssessment.patient_id == patient_id)
            .options(selectinload(PsfsAssessment.scores))
            .order_by(PsfsAssessment.taken_on, PsfsAssessment.id)
        )
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
    small rows, not every log. (progress.practice_days_of is its twin over loaded logs.)"""
    rows = db.session.execute(
        select(
            PracticeLog.occurrence_date,
            func.count(),
            func.avg(PracticeLog.pain_before),
            func.avg(PracticeLog.pain_after),
        )
        .where(
            PracticeLog.patient_id == patient_id, PracticeLog.occurrence_date.between(first, last)
        )
        .group_by(PracticeLog.occurrence_date)
        .order_by(PracticeLog.occurrence_date)
    )
    return [
        PracticeDay(day, done, _rounded(before), _rounded(after))
        for day, done, before, after in rows
    ]


def _rounded(average) -> float | None:
    return None if average is None else round(float(average), 1)


def patient_centre(patient: User, plans: Sequence[TreatmentPlan]) -> Centre | None:
    """The patient's centre: their plan's centre, else their own centre."""
    for plan in plans:
        return plan.centre
    profile: PatientProfile | None = patient.patient_profile
    return profile.primary_centre if profile is not None else None


def patient_city(patient: User, plans: Sequence[TreatmentPlan]) -> City | None:
    centre = patient_centre(patient, plans)
    return centre.city if centre is not None else None


def patient_timezone(patient: User, plans: Sequence[TreatmentPlan]) -> str:
    city = patient_city(patient, plans)
    return city.timezone if city is not None else current_app.config["DEFAULT_TIMEZONE"]
