"""The treatment plans the desk may book a course for: those at a centre of its city."""

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.scope import IdValue, centres_in_city, shown_or_404, staff_reach
from portal.extensions import db
from portal.programs.models import PlanStatus, TreatmentPlan


def city_plans(staff: User):
    def in_city(city_id: IdValue):
        return TreatmentPlan.centre_id.in_(centres_in_city(city_id))

    return select(TreatmentPlan).where(staff_reach(staff, city=in_city))


def get_city_plan_or_404(staff: User, plan_id: int) -> TreatmentPlan:
    query = city_plans(staff).where(TreatmentPlan.id == plan_id)
    return shown_or_404(query, "plan_viewed", lambda plan: plan.patient_id)


def active_plans_of(staff: User, patient_ids: list[int]) -> dict[int, list[TreatmentPlan]]:
    """Each listed patient's active plans in the desk's city (no read of a patient the
    desk may not see: the patients come from its own search)."""
    plans: dict[int, list[TreatmentPlan]] = {}
    query = city_plans(staff).where(
        TreatmentPlan.patient_id.in_(patient_ids), TreatmentPlan.status == PlanStatus.ACTIVE
    )
    for plan in db.session.scalars(query.order_by(TreatmentPlan.start_date.desc())):
        plans.setdefault(plan.patient_id, []).append(plan)
    return plans
