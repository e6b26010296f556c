"""Treatment notes: one SOAP note per appointment (in the clinic or a home visit) with the
back-pain examination, signed and then locked; later changes are signed addenda under it.

The lock is also the database's: a trigger (made in the migration) refuses any UPDATE of a
signed note and of an addendum, so no code path can rewrite what was signed.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, SmallInteger, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.booking.extras import shown_to_patient
from portal.db_types import UtcDateTime, utcnow
from portal.extensions import Model, db

if TYPE_CHECKING:  # the other ends of relationships, named for mypy only
    from portal.accounts.models import User
    from portal.booking.models import Appointment


class TreatmentNote(Model):
    __tablename__ = "treatment_notes"
    __table_args__ = (
        CheckConstraint("pain_now BETWEEN 0 AND 10", name="pain_now_range"),
        CheckConstraint("pain_worst BETWEEN 0 AND 10", name="pain_worst_range"),
        CheckConstraint("NOT share_summary OR summary IS NOT NULL", name="shared_has_summary"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    subjective: Mapped[str] = mapped_column(Text, default="")
    objective: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    pain_now: Mapped[int | None] = mapped_column(SmallInteger)
    pain_worst: Mapped[int | None] = mapped_column(SmallInteger)  # in the last 24 hours
    findings: Mapped[dict] = mapped_column(JSON, default=dict)  # notes/template.py's fields
    summary: Mapped[str | None] = mapped_column(Text)  # plain words for the patient
    share_summary: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    appointment: Mapped["Appointment"] = relationship()
    patient: Mapped["User"] = relationship(foreign_keys=[patient_id])
    author: Mapped["User"] = relationship(foreign_keys=[author_id])
    addenda: Mapped[list["NoteAddendum"]] = relationship(
        back_populates="note", order_by="NoteAddendum.signed_at, NoteAddendum.id"
    )


class NoteAddendum(Model):
    """A change to a signed note: its own text, signed by its author when written."""

    __tablename__ = "treatment_note_addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("treatment_notes.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    note: Mapped[TreatmentNote] = relationship(back_populates="addenda")
    author: Mapped["User"] = relationship()


@shown_to_patient
def _shared_summaries(appointment_ids: list[int]) -> dict[int, str]:
    """The summaries therapists shared, under the patient's appointments (booking/extras.py)."""
    rows = db.session.execute(
        select(TreatmentNote.appointment_id, TreatmentNote.summary).where(
            TreatmentNote.appointment_id.in_(appointment_ids),
            TreatmentNote.signed_at.is_not(None),
            TreatmentNote.share_summary,
        )
    )
    return {appointment_id: summary for appointment_id, summary in rows if summary}
