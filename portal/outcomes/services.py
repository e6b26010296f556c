"""Reading and writing a patient's ODI answers (services flush; the request commits)."""

from collections.abc import Mapping
from datetime import date

from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.outcomes.models import DischargeSummary, OdiResponse
from portal.outcomes.odi import SECTION_KEYS
from portal.statements import built_once


def load_odi(patient_id: int) -> list[OdiResponse]:
    return list(db.session.scalars(_odi_of(), {"patient_id": patient_id}))


@built_once
def _odi_of() -> Select[OdiResponse]:
    return (
        select(OdiResponse)
        .where(OdiResponse.patient_id == bindparam("patient_id"))
        .order_by(OdiResponse.taken_on)
    )


def record_odi(
    patient_id: int, taken_on: date, answers: Mapping[str, int | None]
) -> tuple[OdiResponse, bool]:
    """Save the day's answers; (the response, True) when new, False when it replaced the day's
    earlier answers (a second tab, a change of mind)."""
    response = _of_the_day(patient_id, taken_on)
    if response is not None:
        _fill(response, answers)
        db.session.flush()
        return response, False
    response = OdiResponse(patient_id=patient_id, taken_on=taken_on)
    _fill(response, answers)
    try:
        with db.session.begin_nested():
            db.session.add(response)
    except IntegrityError:
        # The same day's answers arrived at the same moment from elsewhere: replace them.
        existing = db.session.execute(
            select(OdiResponse).where(
                OdiResponse.patient_id == patient_id, OdiResponse.taken_on == taken_on
            )
        ).scalar_one()
        _fill(existing, answers)
        db.session.flush()
        return existing, False
    return response, True


def summary_of_plan(plan_id: int) -> DischargeSummary | None:
    return db.session.scalar(select(DischargeSummary).where(DischargeSummary.plan_id == plan_id))


def _of_the_day(patient_id: int, taken_on: date) -> OdiResponse | None:
    return db.session.scalar(
        select(OdiResponse).where(
            OdiResponse.patient_id == patient_id, OdiResponse.taken_on == taken_on
        )
    )


def _fill(response: OdiResponse, answers: Mapping[str, int | None]) -> None:
    for key in SECTION_KEYS:
        setattr(response, key, answers.get(key))
