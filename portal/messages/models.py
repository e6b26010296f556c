"""Messages between a patient and the therapists treating them: one thread per treatment plan."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, event, select, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db_types import UtcDateTime, utcnow
from portal.extensions import Model
from portal.programs.models import TreatmentPlan

if TYPE_CHECKING:  # the other ends of relationships, named for mypy only
    from portal.accounts.models import User

BODY_MAX_LENGTH = 2000
_UNREAD = "read_at IS NULL"


class Message(Model):
    """A message in its plan's thread. `read_at`: when the other side (the patient, or any of
    the treating therapists for a patient's message) first opened the thread after it."""

    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint(f"length(body) BETWEEN 1 AND {BODY_MAX_LENGTH}", name="body_length"),
        # A thread's messages in order.
        Index("ix_messages_plan_id_id", "plan_id", "id"),
        # The navigation's unread count on every page: only unread rows are in it, so it stays
        # small however many messages were ever sent.
        Index(
            "ix_messages_unread_patient_id",
            "patient_id",
            "sender_id",
            postgresql_where=text(_UNREAD),
            sqlite_where=text(_UNREAD),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # the plan's, always
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    plan: Mapped[TreatmentPlan] = relationship()
    sender: Mapped["User"] = relationship(foreign_keys=[sender_id])

    @property
    def from_patient(self) -> bool:
        return self.sender_id == self.patient_id


@event.listens_for(Message, "before_insert")
def _patient_of_the_plan(_mapper, connection, message: Message) -> None:
    # Copied from the plan rather than trusted from the caller: the unread counts find a
    # patient's threads by it.
    message.patient_id = connection.scalar(
        select(TreatmentPlan.patient_id).where(TreatmentPlan.id == message.plan_id)
    )
