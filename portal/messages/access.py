"""Which threads a person may open: the SQL twins of rules.py. A patient's own plans; for staff,
the plans of the patients they treat, through the gate in accounts/scope.py (every read
audited)."""

from flask import abort
from sqlalchemy import ColumnElement, Select, case, false, func, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.accounts.scope import patients_treated_by, shown_or_404
from portal.extensions import db
from portal.messages.models import Message
from portal.messages.rules import Side, may_take_part, may_take_part_as_staff
from portal.messages.services import from_side
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


def inbox_threads(staff: User) -> Select[TreatmentPlan]:
    """The threads with messages of the patients this therapist treats: unread first, then
    by the latest message (ids rise with time and are unique, so pages never overlap)."""
    unread = func.sum(case((Message.read_at.is_(None) & from_side(Side.PATIENT), 1), else_=0))
    stats = (
        select(
            Message.plan_id,
            (unread > 0).label("waiting"),
            func.max(Message.id).label("last_id"),
        )
        .where(Message.patient_id.in_(patients_treated_by(staff.id)))
        .group_by(Message.plan_id)
        .subquery()
    )
    return (
        staff_threads(staff)
        .join(stats, stats.c.plan_id == TreatmentPlan.id)
        .options(joinedload(TreatmentPlan.patient).lazyload(User.role_grants))
        .order_by(stats.c.waiting.desc(), stats.c.last_id.desc())
    )


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
