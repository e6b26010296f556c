"""The rules of treatment notes, as plain functions: who may write one, what signing needs,
that a signed note is locked (changes are addenda, and only then), and who may read it.

access.py is the SQL twin of `may_read`; services.py applies the rest."""

from dataclasses import dataclass
from datetime import datetime

from portal.notes.template import has_examination

NOTE_STATUSES = ("booked", "completed")  # a cancelled or missed appointment has no session


class NoteLocked(Exception):
    """A signed note cannot be changed: add an addendum."""


class NoteNotSigned(Exception):
    """An addendum belongs under a signed note: a draft is simply edited."""


def may_write(
    therapist_id: int, appointment_therapist_id: int, status: str, starts_at: datetime,
    now: datetime,
) -> bool:  # fmt: skip
    """The appointment's own therapist, once the session has begun and while it is not
    cancelled or missed."""
    return therapist_id == appointment_therapist_id and status in NOTE_STATUSES and starts_at <= now


def may_edit(signed_at: datetime | None) -> bool:
    return signed_at is None


def check_editable(signed_at: datetime | None) -> None:
    if not may_edit(signed_at):
        raise NoteLocked


def check_addendum_allowed(signed_at: datetime | None) -> None:
    if signed_at is None:
        raise NoteNotSigned


@dataclass(frozen=True)
class NoteText:
    subjective: str
    objective: str
    assessment: str
    plan: str
    findings: dict[str, str | int]
    summary: str
    share_summary: bool


def missing_to_sign(note: NoteText) -> dict[str, str]:
    """What a note needs before it is signed, by field: the patient's story, an assessment and
    a plan; something objective (written, or found in the template); a summary to share."""
    missing = {}
    if not note.subjective.strip():
        missing["subjective"] = "Write what the patient tells you before signing."
    if not note.objective.strip() and not has_examination(note.findings):
        missing["objective"] = "Write what you found, or fill in the examination, before signing."
    if not note.assessment.strip():
        missing["assessment"] = "Write your assessment before signing."
    if not note.plan.strip():
        missing["plan"] = "Write the plan before signing."
    if note.share_summary and not note.summary.strip():
        missing["summary"] = "Write the summary to share, or untick sharing it."
    return missing


@dataclass(frozen=True)
class Reader:
    is_admin: bool
    is_desk: bool
    treats_patient: bool  # a plan or an appointment with the note's patient
    is_author: bool


def may_read(reader: Reader, signed: bool) -> bool:
    """PRODUCT.md: the patient's treating therapists and admins, never the desk. A draft is
    its author's until signed."""
    if reader.is_admin:
        return signed
    if reader.is_desk:
        return False
    return reader.treats_patient and (signed or reader.is_author)


def may_add_addendum(reader: Reader, signed: bool) -> bool:
    """A treating therapist (the author or a colleague) under a signed note; admins read only."""
    return signed and not reader.is_admin and not reader.is_desk and reader.treats_patient
