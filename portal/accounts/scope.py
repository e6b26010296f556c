"""Which rows a member of staff may see, by role, written once.

Desk staff work their own city (in_staff_city); admins see everything. Patients: a therapist
sees the patients of their own centre and those they treat; the desk the patients of its city's
centres (to book for them); admins everyone. Anything else is "not found", so ids in URLs reveal
nothing. Every fetch of patient data for staff goes through here and records the read in the
audit log, so a new page cannot forget to.

"Those they treat" is told by the areas that know it, which sit above accounts: programs (a
plan) and booking (an appointment) each register a `treated_by` query next to their models.
"""

from collections.abc import Callable
from typing import TypeVarTuple

from flask import abort
from sqlalchemy import CompoundSelect, Select, false, func, or_, select, union
from sqlalchemy.orm import QueryableAttribute

from portal.accounts.models import PatientProfile, RoleGrant, User
from portal.accounts.roles import Role
from portal.accounts.services import PLACEHOLDER_EMAIL_END
from portal.audit.services import record_read, record_reads
from portal.centres.models import Centre
from portal.extensions import db
from portal.pagination import Page, paginate

# Each gives the ids of the patients a therapist (by id) treats.
TreatedBy = Callable[[int], Select[int]]
_TREATED_BY: list[TreatedBy] = []
Row = TypeVarTuple("Row")  # the columns a query selects


def treated_by(query: TreatedBy) -> TreatedBy:
    """Register a query of the patient ids a therapist treats (used as a decorator)."""
    _TREATED_BY.append(query)
    return query


def in_staff_city(
    query: Select[*Row], city_column: QueryableAttribute[int], staff: User
) -> Select[*Row]:
    """Desk staff work their own city's rows; admins see every city."""
    if Role.ADMIN in staff.roles:
        return query
    if Role.DESK in staff.roles and staff.desk_profile is not None:
        return query.where(city_column == staff.desk_profile.city_id)
    return query.where(false())


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
        mine: CompoundSelect[int] = union(
            *(query(staff.id) for query in _TREATED_BY),
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
    patient = visible_patient_or_404(staff, patient_id)
    record_read("patient_viewed", patient.id, patient)
    return patient


def visible_patient_or_404(staff: User, patient_id: int) -> User:
    """The patient, unaudited: for a gate that records its own read (a plan, say)."""
    patient = db.session.scalar(visible_patients(staff).where(User.id == patient_id))
    if patient is None:
        abort(404)
    return patient
