"""Writing treatment notes: a draft saved as often as the therapist likes, signed once, then
only addenda. Each function changes rows and flushes; the request commits."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import contains_eager, joinedload

from portal.accounts.models import User
from portal.accounts.scope import Reach, reach_values
from portal.booking.models import Appointment, AppointmentStatus
from portal.centres.models import Centre
from portal.extensions import db
from portal.notes.access import readable_under
from portal.notes.models import NoteAddendum, TreatmentNote
from portal.notes.presenters import session_line
from portal.notes.rules import NoteText, check_addendum_allowed, check_editable
from portal.statements import built_once


@dataclass(frozen=True)
class NoteDraft:
    text: NoteText
    pain_now: int | None
    pain_worst: int | None


def note_of(appointment: Appointment, *, for_update: bool = False) -> TreatmentNote | None:
    """The appointment's note; `for_update` locks its row (PostgreSQL) so a save and a
    signature sent at once are taken one after the other."""
    query = select(TreatmentNote).where(TreatmentNote.appointment_id == appointment.id)
    return db.session.scalar(query.with_for_update() if for_update else query)


def save_draft(appointment: Appointment, author: User, draft: NoteDraft) -> TreatmentNote:
    """Write the draft onto the appointment's note (made on the first save); NoteLocked once
    it is signed."""
    # Locks the appointment first, so two first saves at once make one note.
    db.session.execute(
        select(Appointment.id).where(Appointment.id == appointment.id).with_for_update()
    )
    note = note_of(appointment, for_update=True)
    if note is None:
        note = TreatmentNote(
            appointment_id=appointment.id, patient_id=appointment.patient_id, author_id=author.id
        )
        db.session.add(note)
    check_editable(note.signed_at)
    text = draft.text
    note.subjective, note.objective = text.subjective, text.objective
    note.assessment, note.plan = text.assessment, text.plan
    note.findings = dict(text.findings)
    note.pain_now, note.pain_worst = draft.pain_now, draft.pain_worst
    note.summary = text.summary or None
    note.share_summary = text.share_summary and bool(text.summary)
    db.session.flush()
    return note


def sign(note: TreatmentNote, now: datetime) -> None:
    """Lock the note (the caller has checked rules.missing_to_sign). The session it records
    took place: a booked appointment is marked completed."""
    check_editable(note.signed_at)
    note.signed_at = now
    appointment = note.appointment
    if appointment.status is AppointmentStatus.BOOKED:
        appointment.status = AppointmentStatus.COMPLETED
    db.session.flush()


def add_addendum(note: TreatmentNote, author: User, body: str, now: datetime) -> NoteAddendum:
    check_addendum_allowed(note.signed_at)
    addendum = NoteAddendum(note_id=note.id, author_id=author.id, body=body, signed_at=now)
    db.session.add(addendum)
    db.session.flush()
    return addendum


@dataclass(frozen=True)
class NoteLine:
    """A note in a patient's list: which session, by whom, signed or a draft."""

    id: int
    appointment_id: int
    session: str  # notes/presenters.session_line
    author: str
    signed_at: datetime | None
    addenda: int


def notes_of_patient(staff: User, patient_id: int) -> list[NoteLine]:
    """The notes of this patient this member of staff may read, newest session first (the
    caller audits the listing)."""
    rule, values = reach_values(staff)
    values |= {"reader": staff.id, "patient_id": patient_id}
    return [
        NoteLine(
            note.id,
            note.appointment_id,
            session_line(note.appointment),
            note.author.name,
            note.signed_at,
            count,
        )  # fmt: skip
        for note, count in db.session.execute(_notes_of_patient(rule), values)
    ]


# The patient record's statements, built once (per visibility rule), the ids bound.
@built_once
def _notes_of_patient(rule: Reach) -> Select[TreatmentNote, int]:
    addenda = (
        select(func.count())
        .where(NoteAddendum.note_id == TreatmentNote.id)
        .correlate(TreatmentNote)
        .scalar_subquery()
    )
    readable = readable_under(rule, bindparam("about"), reader=bindparam("reader"))
    return (
        select(TreatmentNote, addenda)
        .where(readable, TreatmentNote.patient_id == bindparam("patient_id"))
        .join(Appointment, Appointment.id == TreatmentNote.appointment_id)
        .order_by(Appointment.starts_at.desc(), TreatmentNote.id)
        .options(
            contains_eager(TreatmentNote.appointment).options(*_shown_with_session()),
            joinedload(TreatmentNote.author).lazyload(User.role_grants),
        )
    )


def _shown_with_session():
    """What session_line() reads of an appointment, loaded with it (not a query a row)."""
    return (
        joinedload(Appointment.service),
        joinedload(Appointment.centre).joinedload(Centre.city),
    )


def sessions_without_note(therapist: User, patient_id: int, now: datetime, limit: int = 5):
    """This therapist's sessions with the patient that have begun and have no note yet, the
    latest first: where "Write a note" starts."""
    values = {"patient_id": patient_id, "therapist_id": therapist.id, "now": now}
    return list(db.session.scalars(_sessions_without_note(limit), values))


@built_once
def _sessions_without_note(limit: int) -> Select[Appointment]:
    return (
        select(Appointment)
        .outerjoin(TreatmentNote, TreatmentNote.appointment_id == Appointment.id)
        .where(
            Appointment.patient_id == bindparam("patient_id"),
            Appointment.therapist_id == bindparam("therapist_id"),
            Appointment.status.in_([AppointmentStatus.BOOKED, AppointmentStatus.COMPLETED]),
            Appointment.starts_at <= bindparam("now"),
            TreatmentNote.id.is_(None),
        )
        .order_by(Appointment.starts_at.desc())
        .limit(limit)
        .options(*_shown_with_session())
    )
