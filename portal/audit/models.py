"""The audit log: who read or changed what, when and from where. Append-only: the portal has
no route that edits or deletes a row."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db_types import UtcDateTime, utcnow
from portal.extensions import Model

if TYPE_CHECKING:  # the other ends of relationships, named for mypy only
    from portal.accounts.models import User


class AuditEvent(Model):
    __tablename__ = "audit_events"
    # The log newest first, ties by id: read off the index in order, no sort.
    __table_args__ = (Index("ix_audit_events_at_id", "at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    record_type: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[int | None]
    patient_id: Mapped[int | None] = mapped_column(index=True)  # kept even if the user goes
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    details: Mapped[str | None] = mapped_column(Text)

    actor: Mapped["User | None"] = relationship()
