"""Services, therapists' working hours and time off, and appointments.

No double booking is a database guarantee, not only a check in Python:
- PostgreSQL: exclusion constraints (btree_gist) forbid two overlapping `booked`
  appointments for one therapist or one patient (created in the migration, as Alembic
  cannot express them here);
- SQLite: bookings run in a `BEGIN IMMEDIATE` transaction (see booking.transactions), so the
  check and the insert of two requests cannot interleave;
- both: a partial unique index on (therapist, start) of booked appointments as a backstop.
"""

import enum
import uuid
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db_types import UtcDateTime, enum_type, utcnow
from portal.extensions import Model

if TYPE_CHECKING:  # the other ends of relationships, named for mypy only
    from portal.accounts.models import User
    from portal.centres.models import Centre


class ServiceKind(enum.StrEnum):
    OUTPATIENT = "outpatient"
    HOME_VISIT = "home_visit"


class AppointmentStatus(enum.StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"


class Service(Model):
    __tablename__ = "services"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 15 AND 240", name="duration_range"),
        CheckConstraint("buffer_minutes BETWEEN 0 AND 120", name="buffer_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[ServiceKind] = mapped_column(enum_type(ServiceKind, "service_kind"))
    duration_minutes: Mapped[int] = mapped_column(SmallInteger)
    buffer_minutes: Mapped[int] = mapped_column(SmallInteger, default=0)
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)


class WorkingHours(Model):
    """A therapist's regular hours at a centre on one weekday (0 = Monday), local time."""

    __tablename__ = "working_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("starts < ends", name="starts_before_ends"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)
    starts: Mapped[time]
    ends: Mapped[time]

    therapist: Mapped["User"] = relationship()
    centre: Mapped["Centre"] = relationship()


class TimeOff(Model):
    __tablename__ = "time_off"
    __table_args__ = (CheckConstraint("starts_at < ends_at", name="starts_before_ends"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str | None] = mapped_column(String(200))


class AppointmentSeries(Model):
    """A course of sessions booked at once (from a treatment plan): its appointments carry
    its id. The plan is named by table, as booking knows nothing of programs."""

    __tablename__ = "appointment_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    booked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    appointments: Mapped[list["Appointment"]] = relationship(
        back_populates="series", order_by="Appointment.starts_at"
    )


def _new_uid() -> str:
    return f"{uuid.uuid4()}@sthira-physio"


class Appointment(Model):
    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="starts_before_ends"),
        Index(
            "uq_appointments_therapist_start_booked",
            "therapist_id",
            "starts_at",
            unique=True,
            postgresql_where=text("status = 'booked'"),
            sqlite_where=text("status = 'booked'"),
        ),
        # Schedules and slot searches read a time range of one therapist, one centre, or (an
        # admin's) all of them; the first two also serve the foreign keys.
        Index("ix_appointments_therapist_id_starts_at", "therapist_id", "starts_at"),
        Index("ix_appointments_centre_id_starts_at", "centre_id", "starts_at"),
        Index("ix_appointments_starts_at", "starts_at"),
        # A therapist's sessions with one patient (the notes they have yet to write).
        Index("ix_appointments_therapist_id_patient_id", "therapist_id", "patient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True, default=_new_uid)  # calendar UID
    sequence: Mapped[int] = mapped_column(default=0)  # calendar SEQUENCE, +1 on each change
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    buffer_minutes: Mapped[int] = mapped_column(SmallInteger, default=0)
    status: Mapped[AppointmentStatus] = mapped_column(
        enum_type(AppointmentStatus, "appointment_status"), default=AppointmentStatus.BOOKED
    )
    home_address: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("appointment_series.id"), index=True)

    patient: Mapped["User"] = relationship(foreign_keys=[patient_id])
    therapist: Mapped["User"] = relationship(foreign_keys=[therapist_id])
    centre: Mapped["Centre"] = relationship()
    service: Mapped[Service] = relationship()
    series: Mapped[AppointmentSeries | None] = relationship(back_populates="appointments")

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)


class WaitlistEntry(Model):
    __tablename__ = "waitlist_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    therapist_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: anyone
    earliest_date: Mapped[date]
    latest_date: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    patient: Mapped["User"] = relationship(foreign_keys=[patient_id])
    centre: Mapped["Centre"] = relationship()
    service: Mapped[Service] = relationship()
