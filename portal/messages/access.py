"""Which threads a person may open: the SQL twins of rules.py. A patient's own plans; for staff,
the plans of the patients they treat, through the gate in accounts/scope.py (every read
audited)."""

from flask import abort
from sqlalchemy import ColumnElement, Select, false, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.accounts.scope import patients_treated_by, shown_or_404
from portal.extensions import db
from portal.messages.rules import may_take_part, may_take_part_as_staff
from portal.programs.models import TreatmentPlan

THREAD_VIEWED = "messages_viewed"
THREADS_LISTED = "message_threads_listed"


def staff_thread_condition(staff: User) -> ColumnElement[bool]:
    """Plans of the patients this therapist treats; nothing for anyone else."""
    if not may_take_part_as_staff(staff.roles):
        return false()
    return TreatmentPlan.patient_id.in_(patients_treated_by(staff.id))


def staff_threads(staff: User) -> Select[TreatmentPlan]:
    return select(TreatmentPlan).where(staff_thread_condition(staff))


def staff_thread_or_404(staff: User, plan_id: int) -> TreatmentPlan:
    query = (
        staff_threads(staff)
        .where(TreatmentPlan.id == plan_id)
        .options(joinedload(TreatmentPlan.patient).lazyload(User.role_grants))
    )
    return shown_or_404(query, THREAD_VIEWED, lambda plan: plan.patient_id)


def patient_thread_or_404(patient: User, plan_id: int) -> TreatmentPlan:
    """The patient's own plan (a therapist's own treatment counts for nothing here: staff
    open threads through staff_thread_or_404)."""
    plan = db.session.get(TreatmentPlan, plan_id)
    if plan is None or not may_take_part(
        patient.id, patient.roles, plan.patient_id, treats_patient=False
    ):
        abort(404)
    return plan
