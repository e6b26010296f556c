"""A treatment plan a member of staff may open: one of a patient they may see (the gate and the
scoping by role: portal/accounts/scope.py)."""

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.scope import patients_treated_by, shown_or_404, visible_patients
from portal.programs.models import TreatmentPlan


def get_visible_plan_or_404(staff: User, plan_id: int) -> TreatmentPlan:
    visible = visible_patients(staff).with_only_columns(User.id)
    query = select(TreatmentPlan).where(
        TreatmentPlan.id == plan_id, TreatmentPlan.patient_id.in_(visible)
    )
    return shown_or_404(query, "plan_viewed", lambda plan: plan.patient_id)


def get_treated_plan_or_404(therapist: User, plan_id: int) -> TreatmentPlan:
    """A plan of a patient this therapist treats (seeing a patient of their centre is not
    enough to book their care)."""
    query = select(TreatmentPlan).where(
        TreatmentPlan.id == plan_id,
        TreatmentPlan.patient_id.in_(patients_treated_by(therapist.id)),
    )
    return shown_or_404(query, "plan_viewed", lambda plan: plan.patient_id)
