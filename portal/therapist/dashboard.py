"""The therapist's patient list, sorted by who needs attention first.

Everything is loaded in a fixed number of queries for all visible patients at once, then
worked out in Python with the pure rules.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.db_types import utcnow
from portal.extensions import db
from portal.programs.adherence import adherence
from portal.programs.attention import Attention, OpenFlag, PatientSignals, needs_attention
from portal.programs.models import PracticeLog, ProgramItem, TreatmentPlan
from portal.programs.queries import due_counts, load_logs, load_plans, patient_timezone
from portal.safety.models import SafetyFlag
from portal.safety.presenters import flag_summary
from portal.therapist.access import list_visible_patients, visible_patients

WINDOW_DAYS = 7


@dataclass(frozen=True)
class DashboardRow:
    patient_id: int
    name: str
    attention: Attention
    adherence_percent: int | None
    latest_pain: int | None


def dashboard_rows(staff: User, today: date) -> list[DashboardRow]:
    patients = list_visible_patients(visible_patients(staff).order_by(User.name))
    ids = [patient.id for patient in patients]
    plans_by_patient = _group(load_plans(ids), lambda plan: plan.patient_id)
    window_start = today - timedelta(days=WINDOW_DAYS - 1)
    logs_by_patient = _group(load_logs(ids, window_start, today), lambda log: log.patient_id)
    flags_by_patient = _group(_open_flags(ids), lambda flag: flag.patient_id)
    last_activity = _last_activity(ids)
    now = utcnow()
    rows = []
    for patient in patients:
        plans = plans_by_patient.get(patient.id, [])
        logs = logs_by_patient.get(patient.id, [])
        flags = _open_flag_lines(patient, plans, flags_by_patient.get(patient.id, []), now)
        signals = _signals(plans, logs, flags, last_activity.get(patient.id), window_start, today)
        ratio = signals.adherence_7_days
        rows.append(
            DashboardRow(
                patient_id=patient.id,
                name=patient.name,
                attention=needs_attention(signals),
                adherence_percent=None if ratio is None else round(ratio * 100),
                latest_pain=signals.latest_pain,
            )
        )
    return sorted(rows, key=lambda row: (row.attention.urgency, row.name))


def _signals(
    plans: Sequence[TreatmentPlan],
    logs: Sequence[PracticeLog],
    open_flags: tuple[OpenFlag, ...],
    last_activity: date | None,
    window_start: date,
    today: date,
) -> PatientSignals:
    pains = [log.pain_before for log in logs if log.pain_before is not None]
    due = sum(due_counts(plans, window_start, today).values())
    return PatientSignals(
        open_flags=open_flags,
        latest_pain=pains[-1] if pains else None,
        pain_a_week_ago=pains[0] if pains else None,
        adherence_7_days=adherence(due, len(logs)),
        days_since_activity=None if last_activity is None else (today - last_activity).days,
        has_program=any(plan.program and plan.program.versions for plan in plans),
    )


def _open_flags(patient_ids: Sequence[int]) -> Sequence[SafetyFlag]:
    return db.session.scalars(
        select(SafetyFlag)
        .where(SafetyFlag.patient_id.in_(patient_ids), SafetyFlag.acknowledged_at.is_(None))
        .options(selectinload(SafetyFlag.item).selectinload(ProgramItem.technique))
    ).all()


def _open_flag_lines(
    patient: User, plans: Sequence[TreatmentPlan], flags: Sequence[SafetyFlag], now: datetime
) -> tuple[OpenFlag, ...]:
    if not flags:
        return ()
    timezone = patient_timezone(patient, plans)
    return tuple(
        OpenFlag(flag.kind.urgent, flag_summary(flag, timezone, now), flag.raised_at)
        for flag in flags
    )


def _last_activity(patient_ids: Sequence[int]) -> dict[int, date]:
    rows = db.session.execute(
        select(PracticeLog.patient_id, func.max(PracticeLog.occurrence_date))
        .where(PracticeLog.patient_id.in_(patient_ids))
        .group_by(PracticeLog.patient_id)
    )
    return dict(rows.all())


def _group(rows, key) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped
