"""The patient list of a therapist (or of an admin: every patient), sorted by who needs
attention first, a page at a time.

The ranking reads each patient's urgency for the day from the patient_attention table (kept
current with every write: programs/attention_summary.py), so one indexed lookup per visible
patient orders them and only a page of ids comes back. The rows shown are then worked out in
full from their history (needs_attention(): the reason, adherence, the flags' lines), and
only they are recorded as read.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload, lazyload

from portal.accounts.models import PatientProfile, User
from portal.accounts.scope import patients, visible_patient_ids
from portal.audit.services import record_reads
from portal.centres.models import Centre
from portal.db_types import utcnow
from portal.extensions import db
from portal.programs.attention import (
    Attention,
    OpenFlag,
    PatientSignals,
    Urgency,
    needs_attention,
    signals_on,
)
from portal.programs.attention_summary import load_histories
from portal.programs.models import PatientAttention, PlanStatus, ProgramItem, TreatmentPlan
from portal.programs.queries import patient_timezone
from portal.safety.models import SafetyFlag
from portal.safety.presenters import flag_summary

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
    signals: PatientSignals
    attention: Attention


def dashboard_page(staff: User, today: date, page: int = 1) -> DashboardPage:
    order, total = _page_in_order(staff, today, max(page, 1))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    if not order and total:  # asked beyond the last page: show the last one
        order, total = _page_in_order(staff, today, pages)
    names = dict(order)
    ranked, flags = attention_of(list(names), today)
    shown = _with_flag_lines([ranked[patient_id] for patient_id in names], flags)
    record_reads("patients_listed", [row.patient_id for row in shown])
    return DashboardPage([_row(row, names[row.patient_id]) for row in shown], page, pages, total)


def attention_of(
    patient_ids: Sequence[int], today: date
) -> tuple[dict[int, _Ranked], dict[int, tuple[OpenFlag, ...]]]:
    """needs_attention() for a page of patients, worked out from their history; and their
    open flags."""
    histories = load_histories(patient_ids, today)
    ranked = {
        patient_id: _rank(patient_id, signals_on(history, today))
        for patient_id, history in histories.items()
    }
    return ranked, {patient_id: history.open_flags for patient_id, history in histories.items()}


def _page_in_order(staff: User, today: date, page: int) -> tuple[list[tuple[int, str]], int]:
    """The (id, name)s on one page, most urgent first (then by name), and how many patients
    there are. tests/therapist/test_dashboard_ranking.py holds the stored urgency to what
    needs_attention() says from scratch."""
    shown = _ranked_patients(staff, today).subquery()
    rows = db.session.execute(
        select(shown.c.id, shown.c.name, func.count().over())
        .order_by(shown.c.urgency, shown.c.name, shown.c.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    if rows:
        return [(patient_id, name) for patient_id, name, _ in rows], rows[0][2]
    total = db.session.scalar(select(func.count()).select_from(shown))
    return [], total or 0


def _ranked_patients(staff: User, today: date) -> Select:
    """The patients this person may see: id, name and urgency on `today` (a patient without
    rows has nothing to rank by: no plan, no log, no flag)."""
    reach = visible_patient_ids(staff)
    if reach is None:  # every patient (an admin): one pass over them all is the right plan
        covers = and_(PatientAttention.patient_id == User.id, _covers(today))
        urgency = func.coalesce(PatientAttention.urgency, int(Urgency.ON_TRACK))
        return (
            patients()
            .with_only_columns(User.id, User.name, urgency.label("urgency"))
            .outerjoin(PatientAttention, covers)
        )
    # A few hundred of many thousand: the database takes the union of ids for twice as many
    # as it gives and would read whole tables to join them. Each one looked up by its key, in
    # scalar subqueries (never turned into joins; OFFSET 0 keeps them from being evaluated
    # again by the filter outside), reads only those rows.
    ids = reach.subquery()
    patient_id = next(iter(ids.c))
    patient_name = (  # NULL when the account is not a patient's
        patients().with_only_columns(User.name).where(User.id == patient_id).scalar_subquery()
    )
    urgency_on_day = (
        select(PatientAttention.urgency)
        .where(PatientAttention.patient_id == patient_id, _covers(today))
        .limit(1)  # the runs do not overlap
        .scalar_subquery()
    )
    looked_up = (
        select(
            patient_id.label("id"),
            patient_name.label("name"),
            func.coalesce(urgency_on_day, int(Urgency.ON_TRACK)).label("urgency"),
        )
        .offset(0)
        .subquery()
    )
    return select(looked_up).where(looked_up.c.name.is_not(None))


def _covers(today: date):
    return and_(
        PatientAttention.starts_on <= today,
        or_(PatientAttention.ends_on.is_(None), PatientAttention.ends_on >= today),
    )


def _rank(patient_id: int, signals: PatientSignals) -> _Ranked:
    return _Ranked(patient_id, signals, needs_attention(signals))


def _row(ranked: _Ranked, name: str) -> DashboardRow:
    ratio = ranked.signals.adherence_7_days
    return DashboardRow(
        patient_id=ranked.patient_id,
        name=name,
        attention=ranked.attention,
        adherence_percent=None if ratio is None else round(ratio * 100),
        latest_pain=ranked.signals.latest_pain,
    )


def _with_flag_lines(shown: list[_Ranked], flags: dict[int, tuple[OpenFlag, ...]]) -> list[_Ranked]:
    flagged = [row.patient_id for row in shown if row.signals.open_flags]
    if not flagged:
        return shown
    lines = _flag_lines(flagged, utcnow())
    return [
        _rank(
            row.patient_id,
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
