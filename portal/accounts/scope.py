"""What a member of staff may see of patients, written once, and the one gate to a patient's data.

Row scoping by role (`staff_reach`): admins see every row; the desk the rows of its city
(patients by their own centre, appointments by the centre they are at, requests by their
city); a therapist the patients they treat and the patients of their own centre, and their own
appointments; anyone else nothing. Every list and fetch for staff is built on it (patients on
`visible_patient_ids`, the same rule given as the ids it reaches): patients
(`visible_patients`), appointments (booking/access.py), call-backs (contact/access.py),
home-visit requests and the rota (`in_staff_city`).

Busy pages build their statements once for everyone under a rule: `reach_of(staff)` names the
rule and the id it is about, and `reach_condition` / `patient_ids_within` write it with bind
parameters for the ids (`staff_reach` and `visible_patient_ids` are those applied to one
person, so the two forms cannot disagree).

The gate (`shown_or_404`): a record by id that this person may see, or "not found" (so ids in
URLs reveal nothing), and the read recorded in the audit log, so a new page cannot forget to.
Every staff view that opens a patient, a plan, an appointment or a request goes through it.

"Those they treat" are the patients they have a plan or an appointment with, as
care_relationships holds them (kept by the database itself: accounts/models.py).
"""

import string
from collections.abc import Callable
from typing import Literal, TypeVar

from flask import abort
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    bindparam,
    false,
    func,
    or_,
    select,
    true,
    union,
)
from sqlalchemy.orm import lazyload

from portal.accounts.models import CareRelationship, PatientProfile, RoleGrant, User
from portal.accounts.roles import Role
from portal.accounts.services import PLACEHOLDER_EMAIL_END
from portal.audit.services import record_read, record_reads
from portal.centres.models import Centre
from portal.extensions import db
from portal.pagination import Page, paginate
from portal.statements import built_once

Row = TypeVar("Row")

# An id (a therapist's, a city's): the value itself, or a bind parameter for it in a
# statement built once.
IdValue = int | ColumnElement[int]


def patients_treated_by(therapist_id: IdValue) -> Select[int]:
    """The ids of the patients a therapist treats (a plan or an appointment with them), not
    the other patients of their centre: a few index entries, however long the history."""
    return select(CareRelationship.patient_id).where(CareRelationship.therapist_id == therapist_id)


# Which of the rules below applies to a member of staff (reach_of): every row, their city's,
# their own as a therapist, or none.
Reach = Literal["everyone", "city", "therapist", "nobody"]


def reach_of(staff: User) -> tuple[Reach, int | None]:
    """The rule that applies to this member of staff, and the id it is about (the desk's city,
    the therapist): a statement built once for the rule takes the id when it runs."""
    if Role.ADMIN in staff.roles:
        return "everyone", None
    if Role.DESK in staff.roles and staff.desk_profile is not None:
        return "city", staff.desk_profile.city_id
    if Role.THERAPIST in staff.roles and staff.therapist_profile is not None:
        return "therapist", staff.id
    return "nobody", None


# A rule's condition on the rows, given the id it is about.
OnId = Callable[[IdValue], ColumnElement[bool]]


def staff_reach(
    staff: User, *, city: OnId | None = None, therapist: OnId | None = None
) -> ColumnElement[bool]:
    """The condition on rows this member of staff may see: everything for an admin, `city(the
    desk's city id)` for the desk, `therapist(the therapist's id)` for a therapist; nothing for
    a role the caller gives no rule for, or for anyone else."""
    rule, about = reach_of(staff)
    return reach_condition(rule, about, city=city, therapist=therapist)


def reach_condition(
    rule: Reach, about: IdValue | None, *, city: OnId | None = None, therapist: OnId | None = None
) -> ColumnElement[bool]:
    """staff_reach's condition under `rule`, about `about` (reach_of's id): a statement a busy
    page builds once for everyone under the rule gives a bind parameter for it."""
    if rule == "everyone":
        return true()
    if rule == "city" and city is not None and about is not None:
        return city(about)
    if rule == "therapist" and therapist is not None and about is not None:
        return therapist(about)
    return false()


def centres_in_city(city_id: IdValue):
    return select(Centre.id).where(Centre.city_id == city_id)


def in_staff_city(query: Select, city_column, staff: User) -> Select:
    """Rows of the staff member's city (desk), every city (admins), none for others."""
    return query.where(staff_reach(staff, city=lambda city_id: city_column == city_id))


def reach_values(staff: User) -> tuple[Reach, dict[str, object]]:
    """The rule that applies to this member of staff, and the values a statement built once
    for it binds: "about" (reach_of's id) and "centre" (a therapist's, whose patients they see
    besides those they treat)."""
    rule, about, centre = _reach_ids(staff)
    return rule, {"about": about, "centre": centre}


def _reach_ids(staff: User) -> tuple[Reach, int | None, int | None]:
    rule, about = reach_of(staff)
    profile = staff.therapist_profile
    return rule, about, profile.centre_id if rule == "therapist" and profile else None


def visible_patient_ids(staff: User) -> Select[int] | CompoundSelect | None:
    """The ids of the patients this member of staff may see, read from where the rule looks
    (profiles, plans, appointments) without reading users: None for an admin, who sees every
    patient. visible_patients() is built on it, so the two cannot disagree; a page that ranks
    a few hundred patients can drive its query from these ids."""
    return patient_ids_within(*_reach_ids(staff))


def patient_ids_within(
    rule: Reach, about: IdValue | None, centre: IdValue | None
) -> Select[int] | CompoundSelect | None:
    """visible_patient_ids under `rule`, about `about` (reach_of's id) and, for a therapist,
    their `centre`: a statement built once for everyone under the rule gives bind parameters."""
    if rule == "everyone":
        return None
    if rule == "city" and about is not None:
        # The desk books for its city's patients (by their own centre).
        return select(PatientProfile.user_id).where(
            PatientProfile.primary_centre_id.in_(centres_in_city(about))
        )
    if rule == "therapist" and about is not None and centre is not None:
        # A union of ids, not EXISTS … OR …: each part uses its own index, where the OR made
        # the database read every patient to test them one by one.
        return union(
            patients_treated_by(about),
            select(PatientProfile.user_id).where(PatientProfile.primary_centre_id == centre),
        )
    return select(User.id).where(false())


def patients() -> Select[User]:
    """Every account with the patient role."""
    return select(User).join(
        RoleGrant, (RoleGrant.user_id == User.id) & (RoleGrant.role == Role.PATIENT)
    )


def visible_patients(staff: User) -> Select[User]:
    ids = visible_patient_ids(staff)
    return patients() if ids is None else patients().where(User.id.in_(ids))


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
    digits = "".join(char for char in term if char in string.digits)
    if len(digits) >= 4:
        conditions.append(User.phone.contains(digits))
    return or_(*conditions)


def shown_or_404(
    query: Select[Row],
    action: str,
    patient_of: Callable[[Row], int | None],
    values: dict[str, object] | None = None,
) -> Row:
    """The gate: the one row of `query` (built on what this person may see; `values` for its
    bind parameters), or 404; the read is recorded in the audit log as `action` on the row's
    patient."""
    row = db.session.scalar(query, values)
    if row is None:
        abort(404)
    record_read(action, patient_of(row), row)
    return row


def page_shown(
    query: Select[Row],
    number: int,
    size: int,
    action: str,
    patient_of: Callable[[Row], int | None],
) -> Page[Row]:
    """One page of a query built on what this person may see; each patient shown is audited."""
    page = paginate(query, number, size)
    record_reads(action, [patient_of(row) for row in page.items])
    return page


def page_of_visible_patients(query: Select[User], number: int, size: int) -> Page[User]:
    """One page of a query built on visible_patients(); the patients shown are audited."""
    return page_shown(query, number, size, "patients_listed", lambda patient: patient.id)


def get_visible_patient_or_404(staff: User, patient_id: int) -> User:
    rule, values = _visible_patient_values(staff, patient_id)
    return shown_or_404(
        _visible_patient_by_id(rule), "patient_viewed", lambda patient: patient.id, values
    )


def visible_patient(staff: User, patient_id: int) -> User | None:
    """The patient when this person may see them (the read audited), else None."""
    rule, values = _visible_patient_values(staff, patient_id)
    patient = db.session.scalar(_visible_patient_by_id(rule), values)
    if patient is not None:
        record_read("patient_viewed", patient.id, patient)
    return patient


def _visible_patient_values(staff: User, patient_id: int) -> tuple[Reach, dict[str, object]]:
    rule, values = reach_values(staff)
    return rule, values | {"patient_id": patient_id}


# Every page about one patient opens them through this: built once per rule, the ids bound.
@built_once
def _visible_patient_by_id(rule: Reach) -> Select[User]:
    ids = patient_ids_within(rule, bindparam("about"), bindparam("centre"))
    within = patients() if ids is None else patients().where(User.id.in_(ids))
    # A patient's roles are rarely read: loaded when asked, not with every record.
    return within.where(User.id == bindparam("patient_id")).options(lazyload(User.role_grants))


def treats(therapist: User, patient_id: int) -> bool:
    """Whether the therapist treats the patient (a plan or an appointment with them); seeing a
    patient of one's centre is not treating."""
    # A query, not session.get(): the triggers change these rows behind the session's back.
    treated = patients_treated_by(therapist.id).where(CareRelationship.patient_id == patient_id)
    return db.session.scalar(treated) is not None
