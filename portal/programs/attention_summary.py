"""The patient_attention table: each patient's urgency, day by day, kept current with every
write that changes it, in the same transaction.

Every patient has rows (a plan or not), which also copy their own centre and name: the
dashboard ranks a centre's patients off them alone. The session notes the patients whose
logs, flags, plans, programs, name, own centre or patient role a flush changed, and at
the end of that flush their rows are worked out again from scratch (a handful of small
queries per patient) and replaced, in the same transaction. The rows hold the urgency for
every day to come, and what it is worked out from but the open flags (attention.attention_spans),
so time passing needs no refresh: the dashboard ranks by the run that covers its day and words
its rows from it. `flask refresh-attention` (the worker runs it nightly)
rewrites everyone's rows: it drops runs that have ended, and repairs what was written behind
the portal's back (bulk loads, the previous release during a rolling upgrade, a changed
ranking rule).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain, islice

from sqlalchemy import delete, event, func, insert, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from portal.accounts.models import PatientProfile, RoleGrant, User
from portal.accounts.roles import Role
from portal.extensions import db
from portal.localtime import earliest_today
from portal.programs.attention import (
    WINDOW_DAYS,
    History,
    LoggedSession,
    OpenFlag,
    WindowSignals,
    attention_spans,
    steady_from,
)
from portal.programs.models import (
    HomeProgram,
    PatientAttention,
    PracticeLog,
    ProgramItem,
    ProgramVersion,
    TreatmentPlan,
)
from portal.programs.queries import plan_schedules, scheduled_due_counts, weekly_from
from portal.safety.models import SafetyFlag
from portal.transactions import serialized

BATCH = 500
_NOTED = "attention_to_refresh"  # session.info: what this transaction changed


def first_day_asked() -> date:
    """The earliest "today" anyone can ask about now."""
    return earliest_today()


def refresh_attention(patient_ids: Iterable[int], session: Session | None = None) -> None:
    """Work out the patients' rows again from what is stored, and replace them."""
    session = session or db.session()
    start = first_day_asked()
    for chunk in batched(sorted(set(patient_ids)), BATCH):
        _lock(session, chunk)
        histories, whom = _histories_and_whom(chunk, start, session)
        rows = [
            {"patient_id": patient_id, "starts_on": span.starts_on, "ends_on": span.ends_on,
             "urgency": int(span.urgency), **stored_signals(span.signals), **whom[patient_id]}
            for patient_id, history in histories.items()
            for span in attention_spans(history, start)
        ]  # fmt: skip
        session.execute(delete(PatientAttention).where(PatientAttention.patient_id.in_(chunk)))
        if rows:
            session.execute(insert(PatientAttention), rows)


def refresh_everyone() -> int:
    """Every patient's rows again, a batch per transaction; returns how many patients. Every
    patient has rows, with a plan or without (the dashboard ranks a centre's patients by
    them alone)."""
    patients = select(RoleGrant.user_id).where(RoleGrant.role == Role.PATIENT)
    patient_ids = db.session.scalars(patients).all()
    with serialized():  # rows of accounts that are no patient's (a role taken away by hand)
        db.session.execute(
            delete(PatientAttention).where(PatientAttention.patient_id.not_in(patients))
        )
    for chunk in batched(sorted(patient_ids), BATCH):
        with serialized():
            refresh_attention(chunk)
    return len(patient_ids)


def batched(ids: Iterable[int], size: int) -> Iterable[tuple[int, ...]]:
    ids = iter(ids)
    while chunk := tuple(islice(ids, size)):
        yield chunk


def _lock(session: Session, patient_ids: Sequence[int]) -> None:
    """On PostgreSQL, one refresh of a patient at a time: a refresh that read before another
    transaction's log committed must not write over the rows that one wrote after it. (FOR NO
    KEY UPDATE: new logs and flags may still reference the patient meanwhile.)"""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(User.id)
            .where(User.id.in_(patient_ids))
            .order_by(User.id)
            .with_for_update(key_share=True)
        )


def load_histories(
    patient_ids: Sequence[int], start: date, session: Session | None = None
) -> dict[int, History]:
    """What needs_attention() reads for these patients, on any day from `start` on: open
    flags, the logs from WINDOW_DAYS - 1 days before it, the last logged day, and what their
    plans make due. Four queries, whatever the history's length. Accounts without the
    patient role have none."""
    return _histories_and_whom(patient_ids, start, session)[0]


def _histories_and_whom(
    patient_ids: Sequence[int], start: date, session: Session | None = None
) -> tuple[dict[int, History], dict[int, dict[str, object]]]:
    """load_histories(), and each patient's centre and name as their rows store them."""
    session = session or db.session()
    first = start - timedelta(days=WINDOW_DAYS - 1)
    shown = list(patient_ids)  # the ids themselves: a subquery over users only added a join
    flags = open_flags(shown, session)
    logs = _logs_from(shown, first, session)
    schedules = plan_schedules(shown, session)
    histories: dict[int, History] = {}
    whom: dict[int, dict[str, object]] = {}
    for patient_id, last_log, centre_id, name in _patients_read(shown, session):
        # A plan with nothing published makes nothing due: its dates must not push
        # weekly_from (and with it the rows worked out) later.
        plans = [plan for plan in schedules.get(patient_id, []) if plan.versions]
        weekly = weekly_from(plans)
        histories[patient_id] = History(
            open_flags=flags.get(patient_id, ()),
            has_program=any(plan.versions for plan in plans),
            logs=tuple(logs.get(patient_id, ())),
            last_log=last_log,
            due_by_day=scheduled_due_counts(plans, first, steady_from(start, last_log, weekly)),
            weekly_from=weekly,
        )
        whom[patient_id] = {"centre_id": centre_id, "name": name}
    return histories, whom


def stored_signals(signals: WindowSignals) -> dict[str, object]:
    """A run's signals as patient_attention's columns (stored_signals_of() reads them back)."""
    return {
        "latest_pain": signals.latest_pain,
        "pain_a_week_ago": signals.pain_a_week_ago,
        "due_in_window": signals.due,
        "done_in_window": signals.done,
        "last_log": signals.last_log,
        "has_program": signals.has_program,
    }


STORED_SIGNAL_COLUMNS = (
    PatientAttention.latest_pain,
    PatientAttention.pain_a_week_ago,
    PatientAttention.due_in_window,
    PatientAttention.done_in_window,
    PatientAttention.last_log,
    PatientAttention.has_program,
)


def stored_signals_of(row: Sequence) -> WindowSignals | None:
    """The signals of a row read with STORED_SIGNAL_COLUMNS; None for a row written before
    patient_attention stored them (the nightly refresh rewrites it)."""
    latest_pain, pain_a_week_ago, due, done, last_log, has_program = row
    if has_program is None or due is None or done is None:
        return None
    return WindowSignals(latest_pain, pain_a_week_ago, due, done, last_log, has_program)


def open_flags(
    patients: Sequence[int], session: Session | None = None
) -> dict[int, tuple[OpenFlag, ...]]:
    """Open flags, enough to rank by (each line holds the flag's id: writing the line needs
    the flag's item and the patient's time zone, and the dashboard reads the flags of the
    rows it shows again for it)."""
    session = session or db.session()
    flags = defaultdict(list)
    for flag_id, patient_id, kind, raised_at in session.execute(
        select(SafetyFlag.id, SafetyFlag.patient_id, SafetyFlag.kind, SafetyFlag.raised_at).where(
            SafetyFlag.patient_id.in_(patients), SafetyFlag.is_open
        )
    ):
        flags[patient_id].append(OpenFlag(kind.urgent, str(flag_id), raised_at))
    return {patient_id: tuple(patient_flags) for patient_id, patient_flags in flags.items()}


def _logs_from(
    patients: Sequence[int], first: date, session: Session
) -> dict[int, list[LoggedSession]]:
    logs = defaultdict(list)
    for patient_id, day, pain in session.execute(
        select(PracticeLog.patient_id, PracticeLog.occurrence_date, PracticeLog.pain_before)
        .where(PracticeLog.patient_id.in_(patients), PracticeLog.occurrence_date >= first)
        .order_by(
            PracticeLog.patient_id,
            PracticeLog.occurrence_date,
            PracticeLog.completed_at,
            PracticeLog.id,
        )
    ):
        logs[patient_id].append(LoggedSession(day, pain))
    return logs


def _patients_read(
    patients: Sequence[int], session: Session
) -> list[tuple[int, date | None, int | None, str]]:
    """Each patient's last logged day, own centre and name (accounts without the patient
    role left out)."""
    # A correlated MAX per patient is one backwards step down the (patient, date) index.
    last_log = (
        select(func.max(PracticeLog.occurrence_date))
        .where(PracticeLog.patient_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )
    rows = session.execute(
        select(User.id, last_log, PatientProfile.primary_centre_id, User.name)
        .join(RoleGrant, (RoleGrant.user_id == User.id) & (RoleGrant.role == Role.PATIENT))
        .outerjoin(PatientProfile, PatientProfile.user_id == User.id)
        .where(User.id.in_(patients))
    )
    return [(patient_id, last, centre_id, name) for patient_id, last, centre_id, name in rows]


# Keeping the rows current: noted at each flush, refreshed just before the commit.


@dataclass
class _Changed:
    patients: set[int] = field(default_factory=set)
    plans: set[int] = field(default_factory=set)
    programs: set[int] = field(default_factory=set)
    versions: set[int] = field(default_factory=set)

    def patient_ids(self, session: Session) -> set[int]:
        if not (self.plans or self.programs or self.versions):
            return self.patients
        owners = session.scalars(
            select(TreatmentPlan.patient_id)
            .outerjoin(HomeProgram, HomeProgram.plan_id == TreatmentPlan.id)
            .outerjoin(ProgramVersion, ProgramVersion.program_id == HomeProgram.id)
            .where(
                or_(
                    TreatmentPlan.id.in_(self.plans),
                    HomeProgram.id.in_(self.programs),
                    ProgramVersion.id.in_(self.versions),
                )
            )
        )
        return self.patients | set(owners)


def keep_attention_current() -> None:
    for name, listener in (
        ("after_flush", _note_changes),
        ("after_flush_postexec", _refresh_changed),
    ):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def _note_changes(session: Session, _context) -> None:
    changed = None
    for obj in chain(session.new, session.dirty, session.deleted):
        if not isinstance(obj, _WATCHED):
            continue
        if isinstance(obj, User | PatientProfile | RoleGrant) and not _whom_changed(obj, session):
            continue
        changed = changed or session.info.setdefault(_NOTED, _Changed())
        if isinstance(obj, PracticeLog | SafetyFlag | TreatmentPlan):
            changed.patients.add(obj.patient_id)
        elif isinstance(obj, User):
            changed.patients.add(obj.id)
        elif isinstance(obj, PatientProfile | RoleGrant):
            changed.patients.add(obj.user_id)
        elif isinstance(obj, HomeProgram):
            changed.plans.add(obj.plan_id)
        elif isinstance(obj, ProgramVersion):
            changed.programs.add(obj.program_id)
        else:
            changed.versions.add(obj.version_id)


_WATCHED = (
    PracticeLog, SafetyFlag, TreatmentPlan, HomeProgram, ProgramVersion, ProgramItem,
    User, PatientProfile, RoleGrant,
)  # fmt: skip


def _whom_changed(obj: User | PatientProfile | RoleGrant, session: Session) -> bool:
    """A new patient (their profile), a patient role given or taken, or a patient's name or
    own centre changed: who has rows and what they copy (a member of staff's name is
    refreshed into no rows)."""
    if isinstance(obj, RoleGrant):
        return obj.role is Role.PATIENT
    if isinstance(obj, PatientProfile):
        return obj in session.new or get_history(obj, "primary_centre_id").has_changes()
    return obj not in session.new and get_history(obj, "name").has_changes()


def _refresh_changed(session: Session, _context) -> None:
    # At the end of the flush, in its transaction (or savepoint): what the flush wrote and the
    # rows that follow from it stand or fall together, and later reads in the transaction
    # (a page rendered after a POST) see them current.
    if changed := session.info.pop(_NOTED, None):
        refresh_attention(changed.patient_ids(session), session)
