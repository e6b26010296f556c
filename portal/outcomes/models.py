"""Outcome measures a patient gives (the ODI; PSFS and pain ratings live with programs) and the
discharge summary a therapist writes when a plan is completed."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Float, ForeignKey, SmallInteger, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db_types import UtcDateTime, enum_type, utcnow
from portal.extensions import Model
from portal.outcomes.mcid import Measure
from portal.outcomes.odi import MAX_PER_SECTION, SECTION_KEYS, OdiScore, odi_score

if TYPE_CHECKING:  # the other end of a relationship, named for mypy only
    from portal.accounts.models import User
    from portal.programs.models import TreatmentPlan


def _section_checks() -> tuple[CheckConstraint, ...]:
    return tuple(
        CheckConstraint(f"{key} BETWEEN 0 AND {MAX_PER_SECTION}", name=f"{key}_range")
        for key in SECTION_KEYS
    )


class OdiResponse(Model):
    """One Oswestry questionnaire: the statement chosen in each section (None: left out).
    One a day: answering again the same day replaces that day's answers."""

    __tablename__ = "odi_responses"
    __table_args__ = (UniqueConstraint("patient_id", "taken_on"), *_section_checks())

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    taken_on: Mapped[date]  # the patient's local date
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    pain_intensity: Mapped[int | None] = mapped_column(SmallInteger)
    personal_care: Mapped[int | None] = mapped_column(SmallInteger)
    lifting: Mapped[int | None] = mapped_column(SmallInteger)
    walking: Mapped[int | None] = mapped_column(SmallInteger)
    sitting: Mapped[int | None] = mapped_column(SmallInteger)
    standing: Mapped[int | None] = mapped_column(SmallInteger)
    sleeping: Mapped[int | None] = mapped_column(SmallInteger)
    sex_life: Mapped[int | None] = mapped_column(SmallInteger)
    social_life: Mapped[int | None] = mapped_column(SmallInteger)
    travelling: Mapped[int | None] = mapped_column(SmallInteger)

    def answers(self) -> dict[str, int | None]:
        return {key: getattr(self, key) for key in SECTION_KEYS}

    def score(self) -> OdiScore | None:
        return odi_score(self.answers())


class DischargeSummary(Model):
    """Written once, when the treating therapist completes a plan."""

    __tablename__ = "discharge_summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), unique=True)
    written_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    discharged_on: Mapped[date]
    home_advice: Mapped[str] = mapped_column(Text)  # what to keep doing at home
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    plan: Mapped["TreatmentPlan"] = relationship()
    written_by: Mapped["User"] = relationship()
    outcomes: Mapped[list["DischargeOutcome"]] = relationship(
        back_populates="summary", cascade="all, delete-orphan", order_by="DischargeOutcome.id"
    )


class DischargeOutcome(Model):
    """A measure at the start of the plan and at its end, copied from the records at
    discharge, so the summary reads the same later whatever is added afterwards. A measure
    taken only once has a start and no end."""

    __tablename__ = "discharge_outcomes"
    __table_args__ = (
        UniqueConstraint("summary_id", "measure"),
        CheckConstraint("end_on IS NULL OR end_on > start_on", name="end_after_start"),
        CheckConstraint("(end_on IS NULL) = (end_value IS NULL)", name="end_complete"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(
        ForeignKey("discharge_summaries.id", ondelete="CASCADE")
    )
    measure: Mapped[Measure] = mapped_column(enum_type(Measure, "outcome_measure"))
    start_value: Mapped[float] = mapped_column(Float)
    start_on: Mapped[date]
    end_value: Mapped[float | None] = mapped_column(Float)
    end_on: Mapped[date | None]

    summary: Mapped[DischargeSummary] = relationship(back_populates="outcomes")
