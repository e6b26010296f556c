"""Which patients and plans a member of staff may open.

A therapist sees patients they have a plan with and the patients of their own centre; desk
staff the patients of their city's centres (to book for them); admins see everyone. Anything
else is "not found", so ids in URLs reveal nothing.

Every fetch of patient data for staff goes through here and records the read in the audit log,
so a new page cannot forget to.
"""

from flask import abort
from sqlalchemy import Select, false, func, or_, select, union

from portal.accounts.models import PatientProfile, RoleGrant, User
from portal.accounts.roles import Role
from portal.accounts.services import PLACEHOLDER_EMAIL_END
from portal.audit.services import record_read, record_reads
from portal.booking.models import Appointment
from portal.centres.models import Centre
from portal.extensions import db
from portal.pagination import Page, paginate
from portal.programs.models import TreatmentPlan


def visible_patients(staff: User) -> Select[User]:
    patients = (
        select(User)
        .join(RoleGrant, (RoleGrant.user_id == User.id) & (RoleGrant.role == Role.PATIENT))
        .outerjoin(PatientProfile, PatientProfile.user_id == User.id)
    )
    if Role.ADMIN in staff.roles:
        return patients
    if Role.THERAPIST in staff.roles and staff.therapist_profile is not None:
        # A union of ids, not EXISTS … OR …: each part uses its own index, where the OR
        # made the database read every patient to test them one by one.
        mine = union(
            select(TreatmentPlan.patient_id).where(TreatmentPlan.therapist_id == staff.id),
            select(Appointment.patient_id).where(Appointment.therapist_id == staff.id),
            select(PatientProfile.user_id).where(
                PatientProfile.primary_centre_id == staff.therapist_profile.centre_id
            ),
        )
        return patients.where(User.id.in_(mine))
    if Role.DESK in staff.roles and staff.desk_profile is not None:
        # The desk books for its city's patients (by their own centre).
        in_city = select(Centre.id).where(Centre.city_id == staff.desk_profile.city_id)
        return patients.where(PatientProfile.primary_centre_id.in_(in_city))
    return patients.where(false())


def patient_matches(term: str):
    """A condition matching a patient by part of their name or real email, or 4+ phone digits.

    Placeholder addresses (…@home-visit.invalid) are ours, not the patient's: "invalid" or
    "visit" must not match everyone who gave no email."""
    term = term.lower()  # "%" and "_" are what was typed, not wildcards (autoescape)
    real_email = User.email.not_like(f"%{PLACEHOLDER_EMAIL_END}")
    conditions = [
        func.lower(User.name).contains(term, autoescape=True),
        User.email.contains(term, autoescape=True) & real_email,
    ]
    digits = "".join(char for char in term if char.isdigit())
    if len(digits) >= 4:
        conditions.append(User.phone.contains(digits))
    return or_(*conditions)


def page_of_visible_patients(query: Select[User], number: int, size: int) -> Page[User]:
    """One page of a query built on visible_patients(); the patients shown are audited."""
    page = paginate(query, number, size)
    record_reads("patients_listed", [patient.id for patient in page.items])
    return page


def get_visible_patient_or_404(staff: User, patient_id: int) -> User:
    patient = _visible_patient_or_404(staff, patient_id)
    record_read("patient_viewed", patient.id, patient)
    return patient


def get_visible_plan_or_404(staff: User, plan_id: int) -> TreatmentPlan:
    plan = db.session.get(TreatmentPlan, plan_id)
    if plan is None:
        abort(404)
    _visible_patient_or_404(staff, plan.patient_id)
    record_read("plan_viewed", plan.patient_id, plan)
    return plan


def _visible_patient_or_404(staff: User, patient_id: int) -> User:
    patient = db.session.scalar(visible_patients(staff).where(User.id == patient_id))
    if patient is None:
        abort(404)
    return patient
