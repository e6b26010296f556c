"""Call-back requests: someone asks the clinic to phone them; a city's desk works the list."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db_types import UtcDateTime, enum_type, utcnow
from portal.extensions import Model
from portal.languages import lazy_gettext as _l

if TYPE_CHECKING:  # the other ends of relationships, named for mypy only
    from portal.accounts.models import User
    from portal.centres.models import City


class CallbackStatus(enum.StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    CLOSED = "closed"


class PreferredTime(enum.StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    ANY = "any"

    @property
    def label(self) -> str:
        """In the language of the page (a lazy translation: staff pages read English)."""
        return _PREFERRED_TIME_LABELS[self]


_PREFERRED_TIME_LABELS = {
    PreferredTime.MORNING: _l("Morning (9 am – 12 noon)"),
    PreferredTime.AFTERNOON: _l("Afternoon (12 noon – 4 pm)"),
    PreferredTime.EVENING: _l("Evening (4 pm – 7 pm)"),
    PreferredTime.ANY: _l("Any time (9 am – 7 pm)"),
}


class CallbackRequest(Model):
    __tablename__ = "callback_requests"
    __table_args__ = (
        # The desk's inbox: a city's requests in one status, oldest first (and the admin's,
        # every city). Each also serves its leading columns alone.
        Index("ix_callback_requests_city_status_created", "city_id", "status", "created_at", "id"),
        Index("ix_callback_requests_status_created", "status", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))  # E.164
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"))
    preferred_time: Mapped[PreferredTime] = mapped_column(
        enum_type(PreferredTime, "preferred_time")
    )
    message: Mapped[str | None] = mapped_column(Text)
    consent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[CallbackStatus] = mapped_column(
        enum_type(CallbackStatus, "callback_status"), default=CallbackStatus.NEW
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    status_changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    city: Mapped["City"] = relationship()
    status_changed_by: Mapped["User | None"] = relationship(foreign_keys=[status_changed_by_id])
