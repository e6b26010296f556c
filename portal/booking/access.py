"""The appointments a member of staff may see (scoping by role: portal/accounts/scope.py)."""

from sqlalchemy import ColumnElement, Select, bindparam, select

from portal.accounts.models import User
from portal.accounts.scope import (
    IdValue,
    Reach,
    centres_in_city,
    reach_condition,
    shown_or_404,
    staff_reach,
)
from portal.booking.models import Appointment
from portal.statements import built_once


def appointments_for(staff: User) -> Select[Appointment]:
    """The appointments a member of staff may see on a schedule."""
    return select(Appointment).where(staff_reach(staff, city=_in_city, therapist=_theirs))


@built_once
def appointments_within(rule: Reach) -> Select[Appointment]:
    """appointments_for() for everyone under `rule`, built once: the id the rule is about
    (reach_of's) is given as "about" when the statement runs (scope.reach_values)."""
    return select(Appointment).where(
        reach_condition(rule, bindparam("about"), city=_in_city, therapist=_theirs)
    )


def _in_city(city_id: IdValue) -> ColumnElement[bool]:
    return Appointment.centre_id.in_(centres_in_city(city_id))


def _theirs(therapist_id: IdValue) -> ColumnElement[bool]:
    return Appointment.therapist_id == therapist_id


def get_visible_appointment_or_404(staff: User, appointment_id: int) -> Appointment:
    query = appointments_for(staff).where(Appointment.id == appointment_id)
    return shown_or_404(query, "appointment_viewed", lambda appointment: appointment.patient_id)
