"""Which treatment notes a member of staff may read (rules.may_read, in SQL), and the gate
to one note or to the appointment a therapist writes about; every read audited
(portal/accounts/scope.py)."""

from sqlalchemy import ColumnElement, Select, false, or_, select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.scope import (
    IdValue,
    Reach,
    patients_treated_by,
    reach_condition,
    reach_of,
    shown_or_404,
)
from portal.accounts.scope import treats as therapist_treats
from portal.booking.access import appointments_for
from portal.booking.models import Appointment
from portal.notes.models import TreatmentNote


def _readable(staff: User) -> ColumnElement[bool]:
    return readable_under(*reach_of(staff), reader=staff.id)


def readable_under(rule: Reach, about: IdValue | None, *, reader: IdValue) -> ColumnElement[bool]:
    """The notes `reader` may read under `rule` (reach_of's, about its id): a statement built
    once for everyone under the rule gives bind parameters for the two ids."""
    treating = reach_condition(
        rule,
        about,
        city=lambda _city_id: false(),  # the desk never reads clinical notes
        therapist=lambda therapist_id: TreatmentNote.patient_id.in_(
            patients_treated_by(therapist_id)
        ),
    )
    # A draft is its author's: admins and colleagues read signed notes only.
    return treating & or_(TreatmentNote.signed_at.is_not(None), TreatmentNote.author_id == reader)


def readable_notes(staff: User) -> Select[TreatmentNote]:
    return select(TreatmentNote).where(_readable(staff))


def get_readable_note_or_404(staff: User, note_id: int) -> TreatmentNote:
    query = readable_notes(staff).where(TreatmentNote.id == note_id)
    return shown_or_404(query, "treatment_note_viewed", lambda note: note.patient_id)


def own_appointment_or_404(therapist: User, appointment_id: int) -> Appointment:
    """An appointment of this therapist's own, the one place a note is written from."""
    query = appointments_for(therapist).where(
        Appointment.id == appointment_id, Appointment.therapist_id == therapist.id
    )
    return shown_or_404(query, "appointment_viewed", lambda appointment: appointment.patient_id)


def treats(staff: User, patient_id: int) -> bool:
    """Whether this person treats the patient as a therapist (a plan or an appointment)."""
    if Role.THERAPIST not in staff.roles or staff.therapist_profile is None:
        return False
    return therapist_treats(staff, patient_id)
