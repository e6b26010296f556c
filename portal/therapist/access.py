"""A treatment plan a member of staff may open (by its patient: portal/accounts/scope.py)."""

from flask import abort

from portal.accounts.models import User
from portal.accounts.scope import visible_patient_or_404
from portal.audit.services import record_read
from portal.extensions import db
from portal.programs.models import TreatmentPlan


def get_visible_plan_or_404(staff: User, plan_id: int) -> TreatmentPlan:
    plan = db.session.get(TreatmentPlan, plan_id)
    if plan is None:
        abort(404)
    visible_patient_or_404(staff, plan.patient_id)
    record_read("plan_viewed", plan.patient_id, plan)
    return plan
