"""The patient list of a therapist (or of an admin: every patient), sorted by who needs
attention first, a page at a time.

The ranking reads each patient's urgency for the day from the patient_attention table (kept
current with every write: programs/attention_summary.py). Its rows also copy each patient's
own centre and name, so a therapist's centre is ranked off one index and the few patients
they treat elsewhere are looked up one by one, and an admin's every patient off another;
whenever the rows may not hold every patient one may see (_complete, _all_stored), and for
the desk, each visible patient is looked up in users and the rows instead. Only a page
comes back, with what needs_attention() reads for the day but the open flags (the window's
pain, adherence, days since the last session): the rows are worded from those and their
open flags, read again, without reading their history (but for a patient without a stored
row for the day, or one written before rows held signals). Only they are recorded as read.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Row,
    Select,
    and_,
    bindparam,
    case,
    except_,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased, joinedload, lazyload

from portal.accounts.models import PatientProfile, RoleGrant, User
from portal.accounts.roles import Role
from portal.accounts.scope import (
    Reach,
    patient_ids_within,
    patients,
    patients_treated_by,
    reach_values,
)
from portal.audit.services import record_reads
from portal.centres.models import Centre
from portal.db_types import utcnow
from portal.extensions import db
from portal.programs.attention import (
    Attention,
    OpenFlag,
    PatientSignals,
    Urgency,
    WindowSignals,
    needs_attention,
    signals_on,
)
from portal.programs.attention_summary import (
    STORED_SIGNAL_COLUMNS,
    load_histories,
    stored_signals_of,
)
from portal.programs.models import PatientAttention, PlanStatus, ProgramItem, TreatmentPlan
from portal.programs.queries import patient_timezone
from portal.safety.models import SafetyFlag
from portal.safety.presenters import flag_summary
from portal.statements import bound_row_count, built_once, read, row_count

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


@dataclass(frozen=True)
class _Listed:
    patient_id: int
    name: str
    signals: WindowSignals | None  # None: no stored row for the day, or one without signals
    flagged: bool  # has an open safety flag (read with the page, whatever the stored urgency)


def dashboard_page(staff: User, today: date, page: int = 1) -> DashboardPage:
    listed, total = _page_in_order(staff, today, max(page, 1))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    if not listed and total:  # asked beyond the last page: show the last one
        listed, total = _page_in_order(staff, today, pages)
    shown = [row.patient_id for row in listed]
    # Every open flag of the patients shown is read again, whatever their stored urgency
    # says: a flag is never left off the page. The page's statement says who has one; their
    # flags (objects with their items and centres, worth a statement of their own only then)
    # are read here.
    flags = _open_flags([row.patient_id for row in listed if row.flagged], utcnow())
    unstored = [row.patient_id for row in listed if row.signals is None]
    from_history = attention_of(unstored, today)[0] if unstored else {}
    rows = [
        _row(
            _rank(row.patient_id, _signals(row, from_history, flags, today)),
            row.name,
        )
        for row in listed
    ]
    record_reads("patients_listed", shown)
    return DashboardPage(rows, page, pages, total)


def _signals(
    row: _Listed,
    from_history: dict[int, _Ranked],
    flags: dict[int, tuple[OpenFlag, ...]],
    today: date,
) -> PatientSignals:
    open_flags = flags.get(row.patient_id, ())
    if row.signals is not None:
        return row.signals.on(today, open_flags)
    return replace(from_history[row.patient_id].signals, open_flags=open_flags)


def attention_of(
    patient_ids: Sequence[int], today: date
) -> tuple[dict[int, _Ranked], dict[int, tuple[OpenFlag, ...]]]:
    """needs_attention() for these patients, worked out from their history; and their open
    flags (each line holds the flag's id: the tests compare with it)."""
    histories = load_histories(patient_ids, today)
    ranked = {
        patient_id: _rank(patient_id, signals_on(history, today))
        for patient_id, history in histories.items()
    }
    return ranked, {patient_id: history.open_flags for patient_id, history in histories.items()}


def _page_in_order(staff: User, today: date, page: int) -> tuple[list[_Listed], int]:
    """The patients on one page, most urgent first (then by name), with the signals stored for
    the day, and how many patients there are. tests/therapist/test_dashboard_ranking.py holds
    what is stored to what needs_attention() says from scratch."""
    rule, values = reach_values(staff)
    values |= {"today": today, "offset": (page - 1) * PAGE_SIZE}
    if (stored := _stored_page(rule)) is not None:
        statement, trusted = stored
        rows = read(statement, values).all()
        if rows and trusted(rows):
            return [_listed(row) for row in rows], rows[0].total
    rows = read(_page_statement(rule), values).all()
    if rows:
        return [_listed(row) for row in rows], rows[0].total
    total = read(_count_statement(rule), values).scalar()
    return [], total or 0


def _complete(rows) -> bool:
    """Whether the stored rows held every patient the therapist may see (all their centre's,
    as many as have it as their own centre, and each patient they treat elsewhere) and only
    patients on this page. Rows written by the previous release, by hand or not yet (a bulk
    load before its refresh) may lack one, or outlive a patient role taken away behind the
    portal's back: the page is then ranked from users, role grants and profiles, as before
    the rows held centres and names. A patient is never left off, nor anyone else shown."""
    first = rows[0]
    return (
        first.at_centre == first.centre_patients
        and first.unstored == 0
        and all(row.name is not None for row in rows)
    )


# The statements are built once for each rule (reach_of: every patient, a desk's city, a
# therapist's), the ids, the day and the page bound when they run: building them (a union,
# scalar subqueries, a window) and their cache keys was over a quarter of the page's CPU in
# the app.
TODAY = bindparam("today", type_=Date)


@built_once
def _page_statement(rule: Reach) -> Select:
    ranked = _ranked_patients(rule).subquery()
    return _page_of(ranked)


@built_once
def _stored_page_statement() -> Select:
    """A therapist's page from the stored rows alone: their centre's patients read off
    ix_patient_attention_centre_rank (a thousand index entries, where looking each patient
    up in users, role grants and rows was three thousand), and the patients they treat
    at other centres looked up one by one (a few, if any). With what _complete() checks."""
    centre = bindparam("centre", type_=Integer)
    at_centre = select(
        PatientAttention.patient_id.label("id"),
        PatientAttention.name.label("name"),
        PatientAttention.urgency.label("urgency"),
        literal(1).label("at_centre"),
        literal(0).label("unstored"),
    ).where(PatientAttention.centre_id == centre, _covers(TODAY))
    # The patients they treat who are not ranked at the centre already (a few, if any).
    elsewhere_ids = except_(
        patients_treated_by(bindparam("about")),
        at_centre.with_only_columns(PatientAttention.patient_id),
    ).subquery()
    treated_id = next(iter(elsewhere_ids.c))
    stored = aliased(PatientAttention)

    def stored_for_day(column):
        return (
            select(column)
            .where(stored.patient_id == treated_id, _covers(TODAY, stored))
            .limit(row_count(1))  # the runs do not overlap
            .scalar_subquery()
        )

    # Looked up by their keys, in scalar subqueries (OFFSET 0 keeps them from being turned
    # into a join over every patient's rows).
    looked_up = (
        select(
            treated_id.label("id"),
            stored_for_day(stored.name).label("name"),
            stored_for_day(stored.urgency).label("urgency"),
        )
        .offset(row_count(0))
        .subquery()
    )
    elsewhere = select(
        looked_up.c.id,
        looked_up.c.name,
        looked_up.c.urgency,
        literal(0),
        case((looked_up.c.name.is_(None), 1), else_=0),  # no row, or one without a name
    )
    ranked = union_all(at_centre, elsewhere).subquery()
    centre_patients = (
        select(func.count()).where(PatientProfile.primary_centre_id == centre).scalar_subquery()
    )
    return _page_of(
        ranked,
        func.sum(ranked.c.at_centre).over().label("at_centre"),
        func.sum(ranked.c.unstored).over().label("unstored"),
        centre_patients.label("centre_patients"),
        names_looked_up=True,
    )


@built_once
def _every_stored_page_statement() -> Select:
    """An admin's page from the stored rows alone: the day's row of every patient, read off
    ix_patient_attention_rank in the page's order (ranked from users, role grants and rows,
    the three were read whole: 40 ms of the database's time for 20,000 patients). With what
    _all_stored() checks: how many rows have a name, how many patients there are (nearly
    every role grant is a patient's: PostgreSQL counts them by reading role_grants, 2 ms)."""
    ranked = (
        select(
            PatientAttention.patient_id.label("id"),
            PatientAttention.name.label("name"),
            PatientAttention.urgency.label("urgency"),
        )
        .where(_covers(TODAY))
        .subquery()
    )
    every_patient = select(func.count()).where(RoleGrant.role == Role.PATIENT).scalar_subquery()
    return _page_of(
        ranked,
        func.count(ranked.c.name).over().label("named"),
        every_patient.label("patients"),
        names_looked_up=True,
    )


def _all_stored(rows) -> bool:
    """Whether the day's rows were as many as the patients, each with the name it is ranked
    by, and only patients on this page (see _complete: the rows are written through the
    portal; these catch what was done past it)."""
    first = rows[0]
    return first.total == first.named == first.patients and all(
        row.name is not None for row in rows
    )


def _stored_page(rule: Reach) -> tuple[Select, Callable[[Sequence[Row]], bool]] | None:
    """For a rule whose pages are ranked from the stored rows alone when those hold every
    patient one may see: the statement, and what tells whether its rows do."""
    if rule == "therapist":
        return _stored_page_statement(), _complete
    if rule == "everyone":
        return _every_stored_page_statement(), _all_stored
    return None


def _page_of(ranked, *checks, names_looked_up: bool = False) -> Select:
    """One page of `ranked` (id, name, urgency) most urgent first, then by name, with the
    stored signals for the day, whether each has an open flag now, and how many there are.

    `names_looked_up`: `ranked` orders by the rows' copies of the names; each patient on the
    page is shown by their account's name, as everywhere (NULL for an account that is no
    patient's), looked up for the page's rows only: in the page's own SELECT, it was looked
    up for every row an OFFSET skips (10,000 of them on an admin's page 400)."""
    on_page = (
        select(
            ranked.c.id,
            ranked.c.name.label("rank_name"),
            ranked.c.urgency,
            func.count().over().label("total"),
            *checks,
        )
        .order_by(ranked.c.urgency, ranked.c.name, ranked.c.id)
        .offset(bound_row_count("offset"))
        .limit(row_count(PAGE_SIZE))
        .subquery()
    )
    open_flag = exists().where(SafetyFlag.patient_id == on_page.c.id, SafetyFlag.is_open)
    name = (
        patients().with_only_columns(User.name).where(User.id == on_page.c.id).scalar_subquery()
        if names_looked_up
        else on_page.c.rank_name
    )
    return (
        select(
            on_page.c.id,
            name.label("name"),
            on_page.c.total,
            PatientAttention.urgency,
            *STORED_SIGNAL_COLUMNS,
            open_flag.label("flagged"),
            *(on_page.c[check.name] for check in checks),
        )
        .outerjoin(
            PatientAttention, and_(PatientAttention.patient_id == on_page.c.id, _covers(TODAY))
        )
        .order_by(on_page.c.urgency, on_page.c.rank_name, on_page.c.id)
    )


@built_once
def _count_statement(rule: Reach) -> Select:
    return select(func.count()).select_from(_ranked_patients(rule).subquery())


def _listed(row) -> _Listed:
    patient_id, name, _total, urgency, *stored = row[: 4 + len(STORED_SIGNAL_COLUMNS)]
    # No row for the day (rows gone missing until the nightly refresh) or one without
    # signals: worded from the patient's history.
    signals = None if urgency is None else stored_signals_of(stored)
    return _Listed(patient_id, name, signals, row.flagged)


def _ranked_patients(rule: Reach) -> Select:
    """The patients one may see under `rule` (about the bound ids): id, name and urgency on
    the bound day (on track for a patient whose rows went missing)."""
    reach = patient_ids_within(rule, bindparam("about"), bindparam("centre"))
    if reach is None:  # every patient (an admin): one pass over them all is the right plan
        covers = and_(PatientAttention.patient_id == User.id, _covers(TODAY))
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
        .where(PatientAttention.patient_id == patient_id, _covers(TODAY))
        .limit(row_count(1))  # the runs do not overlap
        .scalar_subquery()
    )
    looked_up = (
        select(
            patient_id.label("id"),
            patient_name.label("name"),
            func.coalesce(urgency_on_day, int(Urgency.ON_TRACK)).label("urgency"),
        )
        .offset(row_count(0))
        .subquery()
    )
    return select(looked_up).where(looked_up.c.name.is_not(None))


def _covers(
    day: date | ColumnElement[date], rows: type[PatientAttention] = PatientAttention
) -> ColumnElement[bool]:
    return and_(rows.starts_on <= day, or_(rows.ends_on.is_(None), rows.ends_on >= day))


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


def _open_flags(patient_ids: Sequence[int], now: datetime) -> dict[int, tuple[OpenFlag, ...]]:
    """Each patient's open flags, each with its line ("Sharp pain: stopped BL23, 11:42 today")."""
    if not patient_ids:
        return {}
    flags = db.session.scalars(_open_flags_of(), {"patient_ids": list(patient_ids)}).all()
    if not flags:
        return {}
    plans = defaultdict(list)  # for the time zone: the first plan's centre
    flagged = {"patient_ids": sorted({flag.patient_id for flag in flags})}
    for plan in db.session.scalars(_plans_of(), flagged):
        plans[plan.patient_id].append(plan)
    lined = defaultdict(list)
    for flag in flags:
        line = flag_summary(flag, patient_timezone(flag.patient, plans[flag.patient_id]), now)
        lined[flag.patient_id].append(OpenFlag(flag.kind.urgent, line, flag.raised_at))
    return {patient_id: tuple(patient_flags) for patient_id, patient_flags in lined.items()}


@built_once
def _open_flags_of() -> Select[SafetyFlag]:
    return (
        select(SafetyFlag)
        .where(
            SafetyFlag.patient_id.in_(bindparam("patient_ids", expanding=True)),
            SafetyFlag.is_open,
        )
        .options(
            joinedload(SafetyFlag.item).joinedload(ProgramItem.technique),
            joinedload(SafetyFlag.patient).options(
                lazyload(User.role_grants),
                joinedload(User.patient_profile)
                .joinedload(PatientProfile.primary_centre)
                .joinedload(Centre.city),
            ),
        )
        .order_by(SafetyFlag.raised_at, SafetyFlag.id)
    )


@built_once
def _plans_of() -> Select[TreatmentPlan]:
    return (
        select(TreatmentPlan)
        .where(
            TreatmentPlan.patient_id.in_(bindparam("patient_ids", expanding=True)),
            TreatmentPlan.status != PlanStatus.CANCELLED,
        )
        .options(joinedload(TreatmentPlan.centre).joinedload(Centre.city))
        .order_by(TreatmentPlan.start_date)
    )
