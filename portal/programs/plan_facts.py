"""A patient's plans as values, for /today: read as columns in one statement, no model objects.

Every /today reads the plans, the versions in force and their items with their techniques.
As model objects (load_plans) that cost twice the statement's own time: the ORM sets up its
loaders on every execution and makes six kinds of object a row. These frozen values keep the
models' attribute names (plan.program.versions, version.items, item.technique), so
items_in_force() and the cards (presenters) read them as they read the models.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, exists, or_, select
from sqlalchemy.orm import aliased

from portal.accounts.models import User
from portal.centres.models import Centre, City
from portal.guide.dose import Side
from portal.guide.models import Technique, TechniqueFacts
from portal.programs.models import (
    HomeProgram,
    PlanStatus,
    ProgramItem,
    ProgramVersion,
    TreatmentPlan,
)
from portal.statements import built_once, read


@dataclass(frozen=True, slots=True)
class ItemFacts:
    # In the statement's order: _ITEM_COLUMNS, the confirmer's name, then the technique.
    id: int
    technique_id: int
    hold_seconds: int
    side: Side
    sets: int | None
    reps: int | None
    times_per_day: int
    weekdays_mask: int
    patient_note: str | None
    safety_confirmed_at: datetime | None
    confirmer_name: str | None  # who confirmed it despite the screening
    technique: TechniqueFacts
    timezone: str  # the plan's centre's: the confirmation's date is shown on its calendar


@dataclass(frozen=True, slots=True)
class VersionFacts:
    id: int
    number: int
    effective_from: date
    items: tuple[ItemFacts, ...]


@dataclass(frozen=True, slots=True)
class ProgramFacts:
    versions: tuple[VersionFacts, ...]


@dataclass(frozen=True, slots=True)
class PlanFacts:
    id: int
    status: PlanStatus
    start_date: date
    end_date: date | None
    centre_id: int
    timezone: str
    program: ProgramFacts | None


# A plan as the patient's pages read it: the model, or its values.
AnyPlan = TreatmentPlan | PlanFacts


def plan_facts(patient_id: int, versions_from: date) -> list[PlanFacts]:
    """The patient's plans (but cancelled ones) in start order, as load_plans() gives them,
    as values; of their versions, only those that may be in force on `versions_from` or later
    (the one in force then, those started since, those to come): a page about the last few
    days reads the same rows however many versions the program has had."""
    rows = read(_plan_rows(), {"patient_id": patient_id, "versions_from": versions_from})
    plans: dict[int, PlanFacts] = {}
    versions: dict[int, dict[int, VersionFacts]] = {}  # plan id -> its versions by id
    items: dict[int, list[ItemFacts]] = defaultdict(list)  # version id -> its items
    for row in rows:
        plan_id, status, start_date, end_date, centre_id, timezone, program_id = row[:7]
        if plan_id not in plans:
            plans[plan_id] = PlanFacts(
                plan_id, status, start_date, end_date, centre_id, timezone, program=None
            )
        if program_id is None:
            continue
        plan_versions = versions.setdefault(plan_id, {})
        version_id, number, effective_from = row[7:10]
        if version_id is None:  # none in force from that day on: a program with no version
            continue
        if version_id not in plan_versions:
            plan_versions[version_id] = VersionFacts(version_id, number, effective_from, ())
        if row[10] is not None:
            items[version_id].append(_item(row[10:], timezone))
    return [
        replace(plan, program=_program(versions[plan_id], items)) if plan_id in versions else plan
        for plan_id, plan in plans.items()
    ]


def _program(versions: dict[int, VersionFacts], items: dict[int, list[ItemFacts]]) -> ProgramFacts:
    return ProgramFacts(
        tuple(replace(version, items=tuple(items[version.id])) for version in versions.values())
    )


_ITEM_COLUMNS = (
    ProgramItem.id,
    ProgramItem.technique_id,
    ProgramItem.hold_seconds,
    ProgramItem.side,
    ProgramItem.sets,
    ProgramItem.reps,
    ProgramItem.times_per_day,
    ProgramItem.weekdays_mask,
    ProgramItem.patient_note,
    ProgramItem.safety_confirmed_at,
)
_TECHNIQUE_COLUMNS = (
    Technique.kind,
    Technique.code,
    Technique.name,
    Technique.pinyin_name,
    Technique.meridian,
    Technique.summary,
    Technique.location,
    Technique.benefits,
    Technique.how_to,
    Technique.sides,
    Technique.cautions,
    Technique.avoid_in_pregnancy,
    Technique.diagram_view,
    Technique.diagram_x,
    Technique.diagram_y,
)


def _item(columns: Sequence[Any], timezone: str) -> ItemFacts:
    """An item from its row: its columns and the confirmer's name, then its technique's."""
    item, technique = columns[: len(_ITEM_COLUMNS) + 1], columns[len(_ITEM_COLUMNS) + 1 :]
    technique_id = item[1]
    # One starred tuple: mypy cannot count a slice, and would refuse arguments after it.
    return ItemFacts(*(*item, TechniqueFacts(technique_id, *technique), timezone))


@built_once
def _plan_rows() -> Select:
    confirmer = aliased(User)
    return (
        select(
            TreatmentPlan.id,
            TreatmentPlan.status,
            TreatmentPlan.start_date,
            TreatmentPlan.end_date,
            TreatmentPlan.centre_id,
            City.timezone,
            HomeProgram.id,
            ProgramVersion.id,
            ProgramVersion.number,
            ProgramVersion.effective_from,
            *_ITEM_COLUMNS,
            confirmer.name,
            *_TECHNIQUE_COLUMNS,
        )
        .join(Centre, Centre.id == TreatmentPlan.centre_id)
        .join(City, City.id == Centre.city_id)
        .outerjoin(HomeProgram, HomeProgram.plan_id == TreatmentPlan.id)
        .outerjoin(
            ProgramVersion,
            and_(
                ProgramVersion.program_id == HomeProgram.id,
                _in_force_from(bindparam("versions_from")),
            ),
        )
        .outerjoin(ProgramItem, ProgramItem.version_id == ProgramVersion.id)
        .outerjoin(Technique, Technique.id == ProgramItem.technique_id)
        .outerjoin(confirmer, confirmer.id == ProgramItem.safety_confirmed_by_id)
        .where(
            TreatmentPlan.patient_id == bindparam("patient_id"),
            TreatmentPlan.status != PlanStatus.CANCELLED,
        )
        # load_plans' order: plans by start, versions by number, items by position.
        .order_by(
            TreatmentPlan.start_date,
            TreatmentPlan.id,
            ProgramVersion.number,
            ProgramItem.position,
        )
    )


def _in_force_from(day: ColumnElement[date]) -> ColumnElement[bool]:
    """A version not yet replaced on `day`: no later version (version_in_force's order:
    start, then number) has started by then."""
    later = aliased(ProgramVersion)
    return ~exists().where(
        later.program_id == ProgramVersion.program_id,
        later.effective_from <= day,
        or_(
            later.effective_from > ProgramVersion.effective_from,
            and_(
                later.effective_from == ProgramVersion.effective_from,
                later.number > ProgramVersion.number,
            ),
        ),
    )
