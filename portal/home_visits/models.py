"""Home-visit requests: from a guest or a patient, worked by the city's desk."""

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.contact.models import PreferredTime
from portal.db_types import UtcDateTime, enum_type, utcnow
from portal.extensions import Model

if TYPE_CHECKING:  # the other ends of relationships, named for mypy only
    from portal.accounts.models import User
    from portal.booking.models import Appointment
    from portal.centres.models import City


class VisitRequestStatus(enum.StrEnum):
    NEW = "new"
    SCHEDULED = "scheduled"
    DECLINED = "declined"


class HomeVisitRequest(Model):
    __tablename__ = "home_visit_requests"
    __table_args__ = (
        CheckConstraint("latest_date >= earliest_date", name="dates_in_order"),
        CheckConstraint(
            "status <> 'scheduled' OR appointment_id IS NOT NULL", name="scheduled_has_visit"
        ),
        # The desk's list: a city's requests in one status, oldest first (the admin's: all).
        Index(
            "ix_home_visit_requests_city_status_created", "city_id", "status", "created_at", "id"
        ),
        Index("ix_home_visit_requests_status_created", "status", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))  # E.164
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(Text)
    pincode: Mapped[str] = mapped_column(String(6))
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"))
    earliest_date: Mapped[date]
    latest_date: Mapped[date]
    preferred_time: Mapped[PreferredTime] = mapped_column(
        enum_type(PreferredTime, "preferred_time")
    )
    reason: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The language of the page the request was sent from (portal.languages): a guest's
    # emails about it (a decline, the booked visit) are written in it.
    language: Mapped[str | None] = mapped_column(String(5))
    status: Mapped[VisitRequestStatus] = mapped_column(
        enum_type(VisitRequestStatus, "visit_request_status"),
        default=VisitRequestStatus.NEW,
    )
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    city: Mapped["City"] = relationship()
    requested_by: Mapped["User | None"] = relationship(foreign_keys=[requested_by_id])
    appointment: Mapped["Appointment | None"] = relationship()
