"""Treatment plans, their versioned home programs, templates, and the patient's practice log."""

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Select,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    event,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db_types import UtcDateTime, enum_type, utcnow
from portal.extensions import Model
from portal.guide.dose import Side
from portal.safety.care_team import treating

if TYPE_CHECKING:  # the other ends of relationships, named for mypy only
    from portal.accounts.models import User
    from portal.centres.models import Centre
    from portal.guide.models import Technique

HOLD_SECONDS_RANGE = (10, 600)
TIMES_PER_DAY_RANGE = (1, 6)
PAIN_RANGE = (0, 10)


class PlanStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


def _dose_checks() -> tuple[CheckConstraint, ...]:
    """The dose limits, enforced by the database for programs and templates alike."""
    return (
        CheckConstraint("hold_seconds BETWEEN 10 AND 600", name="hold_seconds_range"),
        CheckConstraint("times_per_day BETWEEN 1 AND 6", name="times_per_day_range"),
        CheckConstraint("weekdays_mask BETWEEN 1 AND 127", name="some_weekday"),
        CheckConstraint("sets IS NULL OR sets BETWEEN 1 AND 10", name="sets_range"),
        CheckConstraint("reps IS NULL OR reps BETWEEN 1 AND 50", name="reps_range"),
    )


class DoseColumns:
    """A technique and how to do it: shared by program items and template items."""

    technique_id: Mapped[int] = mapped_column(ForeignKey("techniques.id"))
    position: Mapped[int] = mapped_column(SmallInteger)
    hold_seconds: Mapped[int]
    side: Mapped[Side] = mapped_column(enum_type(Side, "side"))
    sets: Mapped[int | None] = mapped_column(SmallInteger)
    reps: Mapped[int | None] = mapped_column(SmallInteger)
    times_per_day: Mapped[int] = mapped_column(SmallInteger)
    weekdays_mask: Mapped[int] = mapped_column(SmallInteger)  # Monday = bit 0
    patient_note: Mapped[str | None] = mapped_column(Text)


class TreatmentPlan(Model):
    __tablename__ = "treatment_plans"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),
        CheckConstraint("sessions_planned BETWEEN 0 AND 100", name="sessions_planned_range"),
        # A therapist's plans (therapist_id leads it), and theirs with one patient.
        Index("ix_treatment_plans_therapist_id_patient_id", "therapist_id", "patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"))
    condition: Mapped[str] = mapped_column(String(200))
    goals: Mapped[str] = mapped_column(Text)
    sessions_planned: Mapped[int] = mapped_column(SmallInteger)
    session_frequency: Mapped[str] = mapped_column(String(80))  # e.g. "twice a week"
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    status: Mapped[PlanStatus] = mapped_column(
        enum_type(PlanStatus, "plan_status"), default=PlanStatus.ACTIVE
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    patient: Mapped["User"] = relationship(foreign_keys=[patient_id])
    therapist: Mapped["User"] = relationship(foreign_keys=[therapist_id])
    centre: Mapped["Centre"] = relationship()
    program: Mapped["HomeProgram | None"] = relationship(back_populates="plan")

    @property
    def timezone(self) -> str:
        """The time zone of its centre's city: the plan's days are that calendar's."""
        return self.centre.city.timezone

    @property
    def is_active(self) -> bool:
        return self.status is PlanStatus.ACTIVE

    def home_program(self) -> "HomeProgram":
        """The program of a plan made by create_plan, which always gives it one."""
        if self.program is None:
            raise LookupError(f"treatment plan {self.id} has no home program")
        return self.program


class HomeProgram(Model):
    """The home part of a plan. Its content lives in versions; the program itself never
    changes, so a patient's link to it survives every edit."""

    __tablename__ = "home_programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), unique=True)

    plan: Mapped[TreatmentPlan] = relationship(back_populates="program")
    versions: Mapped[list["ProgramVersion"]] = relationship(
        back_populates="program", order_by="ProgramVersion.number"
    )


class ProgramVersion(Model):
    __tablename__ = "program_versions"
    # The unique index, led by program_id, also finds a program's versions: none of its own.
    __table_args__ = (UniqueConstraint("program_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("home_programs.id"))
    number: Mapped[int]
    effective_from: Mapped[date]
    published_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    program: Mapped[HomeProgram] = relationship(back_populates="versions")
    published_by: Mapped["User"] = relationship()
    items: Mapped[list["ProgramItem"]] = relationship(
        back_populates="version", order_by="ProgramItem.position"
    )


class ProgramItem(DoseColumns, Model):
    __tablename__ = "program_items"
    # The unique index, led by version_id, also finds a version's items: none of its own.
    __table_args__ = (*_dose_checks(), UniqueConstraint("version_id", "position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("program_versions.id"))
    # A therapist's explicit "yes, assign it anyway" to a screening warning.
    safety_confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    safety_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    version: Mapped[ProgramVersion] = relationship(back_populates="items")
    technique: Mapped["Technique"] = relationship()
    safety_confirmed_by: Mapped["User | None"] = relationship()

    @property
    def confirmer_name(self) -> str | None:
        """Who confirmed it despite the screening."""
        return self.safety_confirmed_by.name if self.safety_confirmed_by else None

    @property
    def timezone(self) -> str:
        """Its plan's: a confirmation's date is shown on the centre's calendar."""
        return self.version.program.plan.timezone


class ProgramTemplate(Model):
    __tablename__ = "program_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text)

    items: Mapped[list["ProgramTemplateItem"]] = relationship(
        back_populates="template", order_by="ProgramTemplateItem.position"
    )


class ProgramTemplateItem(DoseColumns, Model):
    __tablename__ = "program_template_items"
    # The unique index, led by template_id, also finds a template's items: none of its own.
    __table_args__ = (*_dose_checks(), UniqueConstraint("template_id", "position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("program_templates.id"))

    template: Mapped[ProgramTemplate] = relationship(back_populates="items")
    technique: Mapped["Technique"] = relationship()


class PracticeLog(Model):
    """One completed occurrence of a technique in a patient's day.

    An occurrence is the patient's n-th session of a technique on a local date, whichever
    program version listed it: a version published mid-day keeps what was done under the one
    before, and the unique key makes completing it twice, under any version, one log.
    """

    __tablename__ = "practice_logs"
    __table_args__ = (
        UniqueConstraint(
            "patient_id",
            "technique_id",
            "occurrence_date",
            "occurrence_index",
            name="uq_practice_logs_occurrence",
        ),
        CheckConstraint("pain_before BETWEEN 0 AND 10", name="pain_before_range"),
        CheckConstraint("pain_after BETWEEN 0 AND 10", name="pain_after_range"),
        # A patient's logs by date: a window of days, or the last log ever, without a scan.
        Index("ix_practice_logs_patient_date", "patient_id", "occurrence_date"),
        # Everyone's logs of the last days: the admin's dashboard ranks all patients by them.
        Index("ix_practice_logs_occurrence_date", "occurrence_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("program_items.id"))
    technique_id: Mapped[int] = mapped_column(ForeignKey("techniques.id"))  # the item's, always
    occurrence_date: Mapped[date]  # the patient's local date
    occurrence_index: Mapped[int] = mapped_column(SmallInteger)
    completed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    pain_before: Mapped[int | None] = mapped_column(SmallInteger)
    pain_after: Mapped[int | None] = mapped_column(SmallInteger)
    note: Mapped[str | None] = mapped_column(Text)

    item: Mapped[ProgramItem] = relationship()


class PatientAttention(Model):
    """How urgently a patient needs their therapist's attention, day by day from a recent day
    on: needs_attention()'s urgency and what it reads, in runs of days alike
    (attention.attention_spans), the last run open-ended. Written again with every change to
    what it reads (attention_summary.py), so the dashboard ranks by an indexed lookup instead
    of reading everyone's history."""

    __tablename__ = "patient_attention"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("urgency BETWEEN 0 AND 4", name="urgency_range"),
        # A centre's patients in the dashboard's order, with the days each run covers: the
        # ranking reads them from this index alone (therapist/dashboard.py).
        Index(
            "ix_patient_attention_centre_rank",
            "centre_id",
            "urgency",
            "name",
            "patient_id",
            "starts_on",
            "ends_on",
        ),  # fmt: skip
        # Every patient in that order (an admin's dashboard), likewise.
        Index("ix_patient_attention_rank", "urgency", "name", "patient_id", "starts_on", "ends_on"),
    )

    patient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    starts_on: Mapped[date] = mapped_column(primary_key=True)
    ends_on: Mapped[date | None]
    urgency: Mapped[int] = mapped_column(SmallInteger)  # attention.Urgency: lower sorts first
    # What needs_attention() reads on those days but the open flags (attention.WindowSignals),
    # so the dashboard words its rows without reading their history. NULL in rows written
    # before these were stored (2026-12): the dashboard reads those patients' history.
    latest_pain: Mapped[int | None] = mapped_column(SmallInteger)
    pain_a_week_ago: Mapped[int | None] = mapped_column(SmallInteger)
    due_in_window: Mapped[int | None]
    done_in_window: Mapped[int | None]
    last_log: Mapped[date | None]
    has_program: Mapped[bool | None]
    # The patient's own centre and name when the rows were written (a change to either
    # writes them again: attention_summary.py), copied so that a centre's ranking needs
    # neither users nor profiles. NULL in rows written before these were stored (2026-12):
    # the dashboard then ranks as before, from users and profiles.
    centre_id: Mapped[int | None]
    name: Mapped[str | None] = mapped_column(String(120))


class PsfsAssessment(Model):
    """Patient-Specific Functional Scale: up to three activities, each scored 0 (unable) to 10."""

    __tablename__ = "psfs_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    taken_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    scores: Mapped[list["PsfsScore"]] = relationship(
        back_populates="assessment", order_by="PsfsScore.position", cascade="all, delete-orphan"
    )


class PsfsScore(Model):
    __tablename__ = "psfs_scores"
    __table_args__ = (
        UniqueConstraint("assessment_id", "position"),
        CheckConstraint("score BETWEEN 0 AND 10", name="score_range"),
        CheckConstraint("position BETWEEN 1 AND 3", name="position_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("psfs_assessments.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    activity: Mapped[str] = mapped_column(String(120))
    score: Mapped[int] = mapped_column(SmallInteger)

    assessment: Mapped[PsfsAssessment] = relationship(back_populates="scores")


@event.listens_for(PracticeLog, "before_insert")
def _technique_of_the_item(_mapper, connection, log: PracticeLog) -> None:
    # Copied from the item rather than trusted from the caller: the occurrence key must name
    # the technique the patient actually practised.
    log.technique_id = connection.scalar(
        select(ProgramItem.technique_id).where(ProgramItem.id == log.item_id)
    )


@treating
def _therapists_of_active_plans(patient_id: int) -> Select[int]:
    return select(TreatmentPlan.therapist_id).where(
        TreatmentPlan.patient_id == patient_id, TreatmentPlan.status == PlanStatus.ACTIVE
    )
