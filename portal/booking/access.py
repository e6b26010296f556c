"""The appointments a member of staff may see (scoping by role: portal/accounts/scope.py)."""

from sqlalchemy import Select, select

from portal.accounts.models import User
from portal.accounts.scope import centres_in_city, shown_or_404, staff_reach
from portal.booking.models import Appointment


def appointments_for(staff: User) -> Select[Appointment]:
    """The appointments a member of staff may see on a schedule."""
    return select(Appointment).where(
        staff_reach(
            staff,
            city=lambda city_id: Appointment.centre_id.in_(centres_in_city(city_id)),
            therapist=lambda therapist: Appointment.therapist_id == therapist.id,
        )
    )


def get_visible_appointment_or_404(staff: User, appointment_id: int) -> Appointment:
    query = appointments_for(staff).where(Appointment.id == appointment_id)
    return shown_or_404(query, "appointment_viewed", lambda appointment: appointment.patient_id)
