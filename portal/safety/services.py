"""Raising safety flags and saving screening answers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.db_types import utcnow
from portal.extensions import db
from portal.safety.alerts import queue_red_flag_alerts
from portal.safety.models import FlagKind, SafetyFlag, SafetyScreening
from portal.safety.rules import Pregnancy, RedFlag, ScreeningAnswers
from portal.safety.stops import FlagFacts, is_stopped
from portal.statements import built_once, read
from portal.transactions import serialized

if TYPE_CHECKING:  # the item a flag stops: a program's, named for mypy only
    from portal.programs.models import ProgramItem


def raise_flag(
    patient: User, kind: FlagKind, details: str, item: ProgramItem | None = None
) -> SafetyFlag:
    flag = SafetyFlag(patient_id=patient.id, kind=kind, details=details, item=item)
    db.session.add(flag)
    db.session.flush()
    return flag


def stop_for_sharp_pain(
    patient: User, item: ProgramItem, details: str, client_id: uuid.UUID | None = None
) -> SafetyFlag | None:
    """Raise the flag that stops this item's technique until the therapist has looked; None
    when one already stops it (the button pressed twice, or in a second tab), or when the stop
    the phone named `client_id` is already recorded (sent again, even after the therapist
    acknowledged it: the unique (patient, client id) refuses it).

    The patient's flags are read again under a lock: a double tap sends both at once."""
    try:
        with serialized(patient.id):
            if is_stopped(item.technique_id, flag_facts(patient.id)):
                return None
            flag = SafetyFlag(
                patient_id=patient.id,
                kind=FlagKind.SHARP_PAIN,
                details=details,
                item=item,
                client_id=client_id,
            )
            db.session.add(flag)
    except IntegrityError:
        if client_id is None:
            raise
        return None
    return flag


def save_screening(
    patient: User, pregnancy: Pregnancy, high_blood_pressure: bool, skin_problems: bool
) -> SafetyScreening:
    """Store the answers; anything the therapist must look at becomes a flag, in the same
    transaction (a screening is never saved without its flag)."""
    screening = db.session.get(SafetyScreening, patient.id) or SafetyScreening(
        patient_id=patient.id
    )
    screening.pregnancy = pregnancy
    screening.high_blood_pressure = high_blood_pressure
    screening.skin_problems = skin_problems
    screening.answered_at = utcnow()
    db.session.add(screening)
    db.session.flush()
    if concerns := screening_concerns_text(pregnancy, high_blood_pressure, skin_problems):
        raise_flag(patient, FlagKind.SCREENING, "Safety screening: " + "; ".join(concerns) + ".")
    return screening


def screening_concerns_text(
    pregnancy: Pregnancy, high_blood_pressure: bool, skin_problems: bool
) -> list[str]:
    concerns = []
    if pregnancy is Pregnancy.YES:
        concerns.append("pregnant")
    elif pregnancy is Pregnancy.NOT_SURE:
        concerns.append("not sure whether pregnant")
    if high_blood_pressure:
        concerns.append("high blood pressure")
    if skin_problems:
        concerns.append("open wounds, varicose veins or inflamed skin near a point")
    return concerns


def report_red_flags(patient: User, flags: set[RedFlag]) -> SafetyFlag:
    """Record the flag and queue its alerts in one transaction; the worker sends the alerts
    ahead of any other email once it commits."""
    reported = [flag for flag in RedFlag if flag in flags]
    details = "Red-flag symptoms reported: " + "; ".join(flag.question.lower() for flag in reported)
    flag = SafetyFlag(
        patient_id=patient.id,
        kind=FlagKind.RED_FLAG,
        details=details + ".",
        red_flags=[flag.value for flag in reported],
        raised_at=utcnow(),
    )
    db.session.add(flag)
    db.session.flush()
    queue_red_flag_alerts(flag, patient)
    db.session.flush()
    return flag


def acknowledge_flag(flag: SafetyFlag, therapist: User, note: str) -> None:
    flag.acknowledged_at = utcnow()
    flag.acknowledged_by_id = therapist.id
    flag.acknowledgement_note = note.strip()
    db.session.flush()


def safety_facts(patient_id: int) -> tuple[ScreeningAnswers | None, list[FlagFacts]]:
    """The patient's screening answers (None: not answered yet) and what the stop rule needs
    of each of their flags, in one statement: the patient's row, their screening beside it and
    a row per flag (one row when they have none)."""
    return safety_facts_of(read(screening_and_flags(), {"patient_id": patient_id}).all())


def safety_facts_of(rows: Sequence[Row]) -> tuple[ScreeningAnswers | None, list[FlagFacts]]:
    """safety_facts from the rows of screening_and_flags() (read with others, by a page that
    needs both)."""
    screening = None
    if rows and (first := rows[0]).answered_at is not None:
        screening = ScreeningAnswers(
            first.pregnancy, first.high_blood_pressure, first.skin_problems, first.answered_at
        )
    flags = [
        FlagFacts(
            kind=row.kind,
            technique_id=row.technique_id,
            acknowledged=not row.is_open,
        )
        for row in rows
        if row.id is not None
    ]
    return screening, flags


@built_once
def screening_and_flags() -> Select:
    """A patient's row, their screening beside it and a row per flag (one row when they have
    none), for the patient_id bound."""
    items = db.metadata.tables["program_items"]  # by name, as in flag_facts
    return (
        select(
            SafetyScreening.pregnancy,
            SafetyScreening.high_blood_pressure,
            SafetyScreening.skin_problems,
            SafetyScreening.answered_at,
            SafetyFlag.id,
            SafetyFlag.kind,
            items.c.technique_id,
            SafetyFlag.is_open.label("is_open"),
        )
        .select_from(User)
        .outerjoin(SafetyScreening, SafetyScreening.patient_id == User.id)
        .outerjoin(SafetyFlag, SafetyFlag.patient_id == User.id)
        .outerjoin(items, SafetyFlag.item_id == items.c.id)
        .where(User.id == bindparam("patient_id"))
    )


def flag_facts(patient_id: int) -> list[FlagFacts]:
    """What the stop rule needs of each of the patient's flags, in one query."""
    # The item's technique, by the table's name: items belong to programs, an area above
    # safety (the flag's foreign key already says which row).
    items = db.metadata.tables["program_items"]
    rows = db.session.execute(
        select(SafetyFlag.kind, items.c.technique_id, SafetyFlag.is_open)
        .outerjoin(items, SafetyFlag.item_id == items.c.id)
        .where(SafetyFlag.patient_id == patient_id)
    )
    return [
        FlagFacts(kind=kind, technique_id=technique_id, acknowledged=not is_open)
        for kind, technique_id, is_open in rows
    ]
