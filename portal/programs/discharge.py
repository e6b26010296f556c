"""Discharge: the treating therapist completes a plan with a summary (outcomes at the start
and the end, copied from the measures; what to keep doing at home; a note)."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.extensions import db
from portal.outcomes.mcid import MCIDS
from portal.outcomes.measures import Outcome, Point
from portal.outcomes.models import DischargeOutcome, DischargeSummary
from portal.programs.models import PlanStatus, TreatmentPlan


class AlreadyDischarged(Exception):
    """The plan has a discharge summary already (e.g. written from another tab just now)."""


def may_discharge(plan: TreatmentPlan) -> bool:
    return plan.status is not PlanStatus.CANCELLED


def discharge_plan(
    plan: TreatmentPlan,
    therapist: User,
    discharged_on: date,
    home_advice: str,
    notes: str | None,
    outcomes: Sequence[Outcome],
) -> DischargeSummary:
    """Write the summary and complete the plan, ending it on the discharge date."""
    summary = DischargeSummary(
        plan_id=plan.id,
        written_by_id=therapist.id,
        discharged_on=discharged_on,
        home_advice=home_advice,
        notes=notes or None,
        outcomes=[_snapshot(each, start) for each in outcomes if (start := each.start)],
    )
    try:
        with db.session.begin_nested():
            db.session.add(summary)
    except IntegrityError as error:
        raise AlreadyDischarged(plan.id) from error
    plan.status = PlanStatus.COMPLETED
    plan.end_date = discharged_on
    db.session.flush()
    return summary


def summary_outcomes(summary: DischargeSummary) -> list[Outcome]:
    """The stored start and end of each measure, read again as outcomes (with a verdict)."""
    return [
        Outcome(
            MCIDS[row.measure],
            (Point(row.start_on, row.start_value),)
            + (
                ()
                if row.end_on is None or row.end_value is None
                else (Point(row.end_on, row.end_value),)
            ),
        )  # fmt: skip
        for row in summary.outcomes
    ]


def _snapshot(each: Outcome, start: Point) -> DischargeOutcome:
    return DischargeOutcome(
        measure=each.mcid.measure,
        start_value=start.value,
        start_on=start.day,
        end_value=each.latest.value if each.latest else None,
        end_on=each.latest.day if each.latest else None,
    )
