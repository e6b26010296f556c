"""The therapist's patient list, sorted by who needs attention first, a page at a time.

The signals behind the ranking come from aggregate queries over the last WINDOW_DAYS (and an
indexed look-up of each patient's last log), so the cost follows the patients, not the
length of their history. Only the rows shown are worded in full: their flags' lines need the
flag's item and the patient's time zone, and only they are recorded as read.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, lazyload

from portal.accounts.models import PatientProfile, User
from portal.accounts.scope import visible_patients
from portal.audit.services import record_reads
from portal.centres.models import Centre
from portal.db_types import utcnow
from portal.extensions import db
from portal.programs.adherence import adherence
from portal.programs.attention import Attention, OpenFlag, PatientSignals, needs_attention
from portal.programs.models import (
    HomeProgram,
    PlanStatus,
    PracticeLog,
    ProgramItem,
    ProgramVersion,
    TreatmentPlan,
)
from portal.programs.queries import PlanSchedule, patient_timezone, scheduled_due_counts
from portal.programs.schedule import ScheduledItem, VersionStart
from portal.safety.models import SafetyFlag
from portal.safety.presenters import flag_summary

WINDOW_DAYS = 7
PAGE_SIZE = 25


@dataclass(frozen=True)
class DashboardRow:
    patient_id: int
    name: str
    attention: Attention
    adherence_percent: int | None
    latest_pain: int | None


@dataclass(frozen=True)
class DashboardPage:
    rows: list[DashboardRow]
    page: int
    pages: int
    total: int

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def next_count(self) -> int:
        return min(PAGE_SIZE, self.total - self.page * PAGE_SIZE)


@dataclass(frozen=True)
class _Ranked:
    patient_id: int
    name: str
    signals: PatientSignals
    attention: Attention


@dataclass(frozen=True)
class _LogWindow:
    done: int = 0
    first_pain: int | None = None
    latest_pain: int | None = None


def dashboard_page(staff: User, today: date, page: int = 1) -> DashboardPage:
    visible = visible_patients(staff).with_only_columns(User.id)
    window_start = today - timedelta(days=WINDOW_DAYS - 1)
    schedules = _schedules(visible)
    windows = _log_windows(visible, window_start, today)
    flags = _open_flags(visible)
    ranked = []
    for patient_id, name, last_log in _names_and_last_logs(visible):
        signals = _signals(
            schedules.get(patient_id, []),
            windows.get(patient_id, _LogWindow()),
            flags.get(patient_id, ()),
            last_log,
            window_start,
            today,
        )
        ranked.append(_rank(patient_id, name, signals))
    ranked.sort(key=lambda row: (row.attention.urgency, row.name))
    pages = max(1, -(-len(ranked) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = _with_flag_lines(ranked[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], flags)
    record_reads("patients_listed", [row.patient_id for row in shown])
    return DashboardPage([_row(ranked_row) for ranked_row in shown], page, pages, len(ranked))


def _rank(patient_id: int, name: str, signals: PatientSignals) -> _Ranked:
    return _Ranked(patient_id, name, signals, needs_attention(signals))


def _row(ranked: _Ranked) -> DashboardRow:
    ratio = ranked.signals.adherence_7_days
    return DashboardRow(
        patient_id=ranked.patient_id,
        name=ranked.name,
        attention=ranked.attention,
        adherence_percent=None if ratio is None else round(ratio * 100),
        latest_pain=ranked.signals.latest_pain,
    )


def _signals(
    schedules: Sequence[PlanSchedule],
    window: _LogWindow,
    open_flags: tuple[OpenFlag, ...],
    last_activity: date | None,
    window_start: date,
    today: date,
) -> PatientSignals:
    due = sum(scheduled_due_counts(schedules, window_start, today).values())
    return PatientSignals(
        open_flags=open_flags,
        latest_pain=window.latest_pain,
        pain_a_week_ago=window.first_pain,
        adherence_7_days=adherence(due, window.done),
        days_since_activity=None if last_activity is None else (today - last_activity).days,
        has_program=any(schedule.versions for schedule in schedules),
    )


def _names_and_last_logs(visible: Select) -> list[tuple[int, str, date | None]]:
    # A correlated MAX per patient is one backwards step down the (patient, date) index.
    last_log = (
        select(func.max(PracticeLog.occurrence_date))
        .where(PracticeLog.patient_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )
    rows = db.session.execute(select(User.id, User.name, last_log).where(User.id.in_(visible)))
    return list(rows)


def _schedules(visible: Select) -> dict[int, list[PlanSchedule]]:
    """Each patient's plans as dates, version starts and item schedules: a few columns a row."""
    rows = db.session.execute(
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
        .join(HomeProgram, HomeProgram.plan_id == TreatmentPlan.id)
        .join(ProgramVersion, ProgramVersion.program_id == HomeProgram.id)
        .outerjoin(ProgramItem, ProgramItem.version_id == ProgramVersion.id)
        .where(TreatmentPlan.patient_id.in_(visible), TreatmentPlan.status != PlanStatus.CANCELLED)
    )
    plans: dict[int, tuple[int, tuple[PlanStatus, date, date | None]]] = {}
    versions: dict[int, dict[VersionStart, list[ScheduledItem]]] = defaultdict(dict)
    for patient_id, plan_id, status, start, end, version_id, number, since, *item in rows:
        plans[plan_id] = (patient_id, (status, start, end))
        items = versions[plan_id].setdefault(VersionStart(version_id, number, since), [])
        if item[0] is not None:
            items.append(ScheduledItem(*item))
    by_patient: dict[int, list[PlanSchedule]] = defaultdict(list)
    for plan_id, (patient_id, dates) in plans.items():
        starts = tuple((start, tuple(items)) for start, items in versions[plan_id].items())
        by_patient[patient_id].append(PlanSchedule(*dates, versions=starts))
    return by_patient


def _log_windows(visible: Select, first: date, last: date) -> dict[int, _LogWindow]:
    """Per patient: logs done in the window, and the first and latest pain score in it."""
    in_window = (
        PracticeLog.patient_id.in_(visible),
        PracticeLog.occurrence_date.between(first, last),
    )
    done = dict(
        db.session.execute(
            select(PracticeLog.patient_id, func.count())
            .where(*in_window)
            .group_by(PracticeLog.patient_id)
        ).all()
    )
    order = (PracticeLog.occurrence_date, PracticeLog.completed_at, PracticeLog.id)
    ranked = (
        select(
            PracticeLog.patient_id,
            PracticeLog.pain_before,
            func.row_number()
            .over(partition_by=PracticeLog.patient_id, order_by=order)
            .label("from_first"),
            func.row_number()
            .over(partition_by=PracticeLog.patient_id, order_by=[o.desc() for o in order])
            .label("from_latest"),
        )
        .where(*in_window, PracticeLog.pain_before.is_not(None))
        .subquery()
    )
    pains: dict[int, dict[str, int]] = defaultdict(dict)
    for patient_id, pain, from_first, from_latest in db.session.execute(
        select(ranked).where(or_(ranked.c.from_first == 1, ranked.c.from_latest == 1))
    ):
        if from_first == 1:
            pains[patient_id]["first_pain"] = pain
        if from_latest == 1:
            pains[patient_id]["latest_pain"] = pain
    return {
        patient_id: _LogWindow(done.get(patient_id, 0), **pains.get(patient_id, {}))
        for patient_id in done.keys() | pains.keys()
    }


def _open_flags(visible: Select) -> dict[int, tuple[OpenFlag, ...]]:
    """Open flags, enough to rank by. Until its row is shown, a flag's line holds its id:
    writing the line needs the flag's item and the patient's time zone."""
    flags = defaultdict(list)
    for flag_id, patient_id, kind, raised_at in db.session.execute(
        select(SafetyFlag.id, SafetyFlag.patient_id, SafetyFlag.kind, SafetyFlag.raised_at).where(
            SafetyFlag.patient_id.in_(visible), SafetyFlag.acknowledged_at.is_(None)
        )
    ):
        flags[patient_id].append(OpenFlag(kind.urgent, str(flag_id), raised_at))
    return {patient_id: tuple(patient_flags) for patient_id, patient_flags in flags.items()}


def _with_flag_lines(shown: list[_Ranked], flags: dict[int, tuple[OpenFlag, ...]]) -> list[_Ranked]:
    flagged = [row.patient_id for row in shown if row.signals.open_flags]
    if not flagged:
        return shown
    lines = _flag_lines(flagged, utcnow())
    return [
        _rank(
            row.patient_id,
            row.name,
            replace(
                row.signals,
                open_flags=tuple(
                    replace(flag, line=lines[flag.line]) for flag in flags[row.patient_id]
                ),
            ),
        )
        if row.signals.open_flags
        else row
        for row in shown
    ]


def _flag_lines(patient_ids: Sequence[int], now: datetime) -> dict[str, str]:
    """Each open flag's line ("Sharp pain: stopped BL23, 11:42 today") by its id."""
    flags = db.session.scalars(
        select(SafetyFlag)
        .where(SafetyFlag.patient_id.in_(patient_ids), SafetyFlag.acknowledged_at.is_(None))
        .options(
            joinedload(SafetyFlag.item).joinedload(ProgramItem.technique),
            joinedload(SafetyFlag.patient).options(
                lazyload(User.role_grants),
                joinedload(User.patient_profile)
                .joinedload(PatientProfile.primary_centre)
                .joinedload(Centre.city),
            ),
        )
    ).all()
    plans = defaultdict(list)  # for the time zone: the first plan's centre
    for plan in db.session.scalars(
        select(TreatmentPlan)
        .where(
            TreatmentPlan.patient_id.in_(patient_ids),
            TreatmentPlan.status != PlanStatus.CANCELLED,
        )
        .options(joinedload(TreatmentPlan.centre).joinedload(Centre.city))
        .order_by(TreatmentPlan.start_date)
    ):
        plans[plan.patient_id].append(plan)
    return {
        str(flag.id): flag_summary(
            flag, patient_timezone(flag.patient, plans[flag.patient_id]), now
        )
        for flag in flags
    }
