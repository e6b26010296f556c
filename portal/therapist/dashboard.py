"""The patient list of a therapist (or of an admin: every patient), sorted by who needs
attention first, a page at a time.

The database ranks every visible patient in one statement (urgency_in_sql: aggregates over
the last WINDOW_DAYS of logs, the open flags and what the plans make due in the window) and
returns one page of ids, so no patient's history comes into Python to be ranked. Only the rows
shown are then worded in full by needs_attention(): their flags' lines need the flag's item
and the patient's time zone, and only they are recorded as read.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import (
    CTE,
    Date,
    Float,
    Select,
    Subquery,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased, joinedload, lazyload

from portal.accounts.models import PatientProfile, User
from portal.accounts.scope import visible_patients
from portal.audit.services import record_reads
from portal.centres.models import Centre
from portal.db_types import utcnow
from portal.extensions import db
from portal.programs.adherence import adherence
from portal.programs.attention import (
    LOW_ADHERENCE,
    QUIET_DAYS,
    RISING_PAIN_LEVEL,
    RISING_PAIN_STEP,
    Attention,
    OpenFlag,
    PatientSignals,
    Urgency,
    needs_attention,
)
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
from portal.safety.models import FlagKind, SafetyFlag
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
    order, total = _page_in_order(visible, window_start, today, max(page, 1))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    if not order and total:  # asked beyond the last page: show the last one
        order, total = _page_in_order(visible, window_start, today, pages)
    ranked, flags = attention_of(order, window_start, today)
    shown = _with_flag_lines([ranked[patient_id] for patient_id in order], flags)
    record_reads("patients_listed", [row.patient_id for row in shown])
    return DashboardPage([_row(ranked_row) for ranked_row in shown], page, pages, total)


def attention_of(
    patient_ids: Sequence[int], window_start: date, today: date
) -> tuple[dict[int, _Ranked], dict[int, tuple[OpenFlag, ...]]]:
    """needs_attention() for a page of patients, from their signals; and their open flags."""
    shown = select(User.id).where(User.id.in_(patient_ids))
    schedules = _schedules(shown)
    windows = _log_windows(shown, window_start, today)
    flags = _open_flags(shown)
    ranked = {}
    for patient_id, name, last_log in _names_and_last_logs(shown):
        signals = _signals(
            schedules.get(patient_id, []),
            windows.get(patient_id, _LogWindow()),
            flags.get(patient_id, ()),
            last_log,
            window_start,
            today,
        )
        ranked[patient_id] = _rank(patient_id, name, signals)
    return ranked, flags


def _page_in_order(visible: Select, first: date, today: date, page: int) -> tuple[list[int], int]:
    """The ids on one page, most urgent first (then by name), and how many patients there are.

    The urgency is worked out by the database for every visible patient, in one statement, so
    only a page of patients comes back; the rows shown are then worded by needs_attention(),
    which must agree (tests/therapist/test_dashboard_ranking.py holds them to it)."""
    rows = db.session.execute(
        select(User.id, func.count().over())
        .select_from(User)
        .join(urgency := urgency_in_sql(visible, first, today), urgency.c.patient_id == User.id)
        .order_by(urgency.c.urgency, User.name, User.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    if rows:
        return [patient_id for patient_id, _ in rows], rows[0][1]
    return [], db.session.scalar(select(func.count()).select_from(visible.subquery())) or 0


def urgency_in_sql(visible: Select, first: date, today: date) -> Subquery:
    """(patient_id, urgency) for every visible patient: needs_attention()'s rank, from
    aggregates over the window's logs, the open flags and, for patients who practised lately,
    what their plans make due in the window."""
    # The visible ids once, as a table of their own: every aggregate below reads only them,
    # and the ranking starts from them rather than from every user.
    ids = visible.cte("visible_ids")
    visible = select(ids.c.id)
    recent = _recent_logs(visible, first)
    activity = _activity(recent, today)
    pains = _window_pains(recent, today)
    flags = (
        select(
            SafetyFlag.patient_id,
            func.count().label("open"),
            func.count(case((SafetyFlag.kind.in_(_URGENT_KINDS), 1))).label("urgent"),
        )
        .where(SafetyFlag.patient_id.in_(visible), SafetyFlag.acknowledged_at.is_(None))
        .group_by(SafetyFlag.patient_id)
        .subquery()
    )
    quiet_since = today - timedelta(days=QUIET_DAYS - 1)  # a log on or after it: not quiet
    # Adherence decides only for those who practised lately: what is due is counted for them.
    due = _due_in_window(
        select(activity.c.patient_id).where(activity.c.last >= quiet_since), first, today
    )
    programs = (
        select(TreatmentPlan.patient_id)
        .join(HomeProgram, HomeProgram.plan_id == TreatmentPlan.id)
        .join(ProgramVersion, ProgramVersion.program_id == HomeProgram.id)
        .where(TreatmentPlan.patient_id.in_(visible), TreatmentPlan.status != PlanStatus.CANCELLED)
        .distinct()
        .subquery()
    )
    done = func.coalesce(activity.c.done, 0)
    urgency = case(
        (flags.c.urgent > 0, int(Urgency.RED_FLAG)),
        (flags.c.open > 0, int(Urgency.SAFETY_FLAG)),
        (pains.c.latest >= RISING_PAIN_LEVEL, int(Urgency.RISING_PAIN)),
        (pains.c.latest - pains.c.first >= RISING_PAIN_STEP, int(Urgency.RISING_PAIN)),
        (programs.c.patient_id.is_(None), int(Urgency.ON_TRACK)),
        (
            or_(activity.c.last.is_(None), activity.c.last < quiet_since),
            int(Urgency.NOT_FOLLOWING),
        ),
        # adherence() below LOW_ADHERENCE: min(done, due) < share × due, i.e. done < share × due
        (
            and_(due.c.due > 0, cast(done, Float) < due.c.due * LOW_ADHERENCE),
            int(Urgency.NOT_FOLLOWING),
        ),
        else_=int(Urgency.ON_TRACK),
    )
    return (
        select(ids.c.id.label("patient_id"), urgency.label("urgency"))
        .select_from(ids)
        .outerjoin(flags, flags.c.patient_id == ids.c.id)
        .outerjoin(activity, activity.c.patient_id == ids.c.id)
        .outerjoin(pains, pains.c.patient_id == ids.c.id)
        .outerjoin(due, due.c.patient_id == ids.c.id)
        .outerjoin(programs, programs.c.patient_id == ids.c.id)
        .subquery()
    )


_URGENT_KINDS = [kind for kind in FlagKind if kind.urgent]


def _recent_logs(visible: Select, first: date) -> CTE:
    """The logs of the visible patients from the window's first day on."""
    return (
        select(
            PracticeLog.id,
            PracticeLog.patient_id,
            PracticeLog.occurrence_date,
            PracticeLog.completed_at,
            PracticeLog.pain_before,
        )
        .where(PracticeLog.patient_id.in_(visible), PracticeLog.occurrence_date >= first)
        .cte("recent_logs")
    )


def _activity(recent: CTE, last: date) -> CTE:
    """Per patient: logs done in the window, and the latest log from its first day on."""
    return (
        select(
            recent.c.patient_id,
            func.count(case((recent.c.occurrence_date <= last, 1))).label("done"),
            func.max(recent.c.occurrence_date).label("last"),
        )
        .group_by(recent.c.patient_id)
        .cte("activity")
    )


def _window_pains(recent: CTE, last: date) -> Subquery:
    """Per patient: the first and the latest pain score logged in the window."""
    order = (recent.c.occurrence_date, recent.c.completed_at, recent.c.id)
    ranked = (
        select(
            recent.c.patient_id,
            recent.c.pain_before,
            func.row_number()
            .over(partition_by=recent.c.patient_id, order_by=order)
            .label("from_first"),
            func.row_number()
            .over(partition_by=recent.c.patient_id, order_by=[o.desc() for o in order])
            .label("from_latest"),
        )
        .where(recent.c.occurrence_date <= last, recent.c.pain_before.is_not(None))
        .subquery()
    )
    return (
        select(
            ranked.c.patient_id,
            func.max(case((ranked.c.from_first == 1, ranked.c.pain_before))).label("first"),
            func.max(case((ranked.c.from_latest == 1, ranked.c.pain_before))).label("latest"),
        )
        .group_by(ranked.c.patient_id)
        .subquery()
    )


def _due_in_window(visible: Select, first: date, last: date) -> Subquery:
    """Per patient: occurrences due from `first` to `last`, as scheduled_due_counts() counts
    them (plan_runs_on, version_in_force, the weekday mask, times a day)."""
    days = union_all(
        *(
            select(literal(day, Date).label("day"), literal(1 << day.weekday()).label("bit"))
            for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
        )
    ).subquery()
    later = aliased(ProgramVersion)
    superseded = (
        select(later.id)
        .where(
            later.program_id == ProgramVersion.program_id,
            later.effective_from <= days.c.day,
            or_(
                later.effective_from > ProgramVersion.effective_from,
                and_(
                    later.effective_from == ProgramVersion.effective_from,
                    later.number > ProgramVersion.number,
                ),
            ),
        )
        .exists()
    )
    plan_runs = and_(
        TreatmentPlan.status != PlanStatus.CANCELLED,
        TreatmentPlan.start_date <= days.c.day,
        or_(
            TreatmentPlan.end_date >= days.c.day,
            and_(TreatmentPlan.end_date.is_(None), TreatmentPlan.status == PlanStatus.ACTIVE),
        ),
    )
    return (
        select(TreatmentPlan.patient_id, func.sum(ProgramItem.times_per_day).label("due"))
        .select_from(days)
        .join(TreatmentPlan, plan_runs)
        .join(HomeProgram, HomeProgram.plan_id == TreatmentPlan.id)
        .join(
            ProgramVersion,
            and_(
                ProgramVersion.program_id == HomeProgram.id,
                ProgramVersion.effective_from <= days.c.day,
                ~superseded,
            ),
        )
        .join(
            ProgramItem,
            and_(
                ProgramItem.version_id == ProgramVersion.id,
                ProgramItem.weekdays_mask.op("&")(days.c.bit) != 0,
            ),
        )
        .where(TreatmentPlan.patient_id.in_(visible))
        .group_by(TreatmentPlan.patient_id)
        .subquery()
    )


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
    recent = _recent_logs(visible, first)
    activity = _activity(recent, last)
    pains = _window_pains(recent, last)
    rows = db.session.execute(
        select(activity.c.patient_id, activity.c.done, pains.c.first, pains.c.latest).outerjoin(
            pains, pains.c.patient_id == activity.c.patient_id
        )
    )
    return {
        patient_id: _LogWindow(done, first_pain, latest_pain)
        for patient_id, done, first_pain, latest_pain in rows
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
