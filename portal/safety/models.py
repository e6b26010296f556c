"""Safety screening answers and the flags a therapist must see and acknowledge."""

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ColumnElement, ForeignKey, Index, Text, UniqueConstraint, Uuid, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db_types import UtcDateTime, enum_type, utcnow
from portal.extensions import Model
from portal.safety.rules import FlagKind, Pregnancy, ScreeningAnswers

if TYPE_CHECKING:  # the other ends of relationships, named for mypy only
    from portal.accounts.models import User
    from portal.programs.models import ProgramItem


class SafetyScreening(Model):
    """The patient's current answers; answering again replaces them and moves answered_at."""

    __tablename__ = "safety_screenings"

    patient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    pregnancy: Mapped[Pregnancy] = mapped_column(enum_type(Pregnancy, "pregnancy"))
    high_blood_pressure: Mapped[bool]
    skin_problems: Mapped[bool]
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    def answers(self) -> ScreeningAnswers:
        return ScreeningAnswers(
            pregnancy=self.pregnancy,
            high_blood_pressure=self.high_blood_pressure,
            skin_problems=self.skin_problems,
            answered_at=self.answered_at,
        )


__all__ = ["FlagKind", "SafetyFlag", "SafetyScreening"]


class SafetyFlag(Model):
    __tablename__ = "safety_flags"
    # A stop made offline carries the id the phone gave it: sending it again (a retry after a
    # lost answer, a second tab) finds this row instead of raising a second flag. Its index
    # also finds a patient's flags (patient_id leads it).
    __table_args__ = (
        UniqueConstraint("patient_id", "client_id"),
        # Who has an open flag (the dashboard asks it of every patient on the page): only the
        # open ones are in it, so it stays small however many flags were ever raised.
        Index(
            "ix_safety_flags_open_patient_id",
            "patient_id",
            postgresql_where=text("acknowledged_at IS NULL"),
            sqlite_where=text("acknowledged_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[FlagKind] = mapped_column(enum_type(FlagKind, "flag_kind"))
    details: Mapped[str] = mapped_column(Text)
    # The red flags the patient ticked (RedFlag values), so staff read them in one line.
    red_flags: Mapped[list[str] | None] = mapped_column(JSON)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("program_items.id"))
    client_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledgement_note: Mapped[str | None] = mapped_column(Text)

    patient: Mapped["User"] = relationship(foreign_keys=[patient_id])
    acknowledged_by: Mapped["User | None"] = relationship(foreign_keys=[acknowledged_by_id])
    item: Mapped["ProgramItem | None"] = relationship()

    @hybrid_property
    def is_open(self) -> bool:
        """Not acknowledged yet: the therapist still has to see to it."""
        return self.acknowledged_at is None

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls) -> ColumnElement[bool]:
        return cls.acknowledged_at.is_(None)
