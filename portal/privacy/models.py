"""Erasure requests: a patient asks to be forgotten; after 48 hours' notice it is carried out."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db_types import UtcDateTime, enum_type, utcnow
from portal.extensions import Model


class ErasureStatus(enum.StrEnum):
    REQUESTED = "requested"
    WITHDRAWN = "withdrawn"
    DONE = "done"


class ErasureRequest(Model):
    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[ErasureStatus] = mapped_column(
        enum_type(ErasureStatus, "erasure_status"), default=ErasureStatus.REQUESTED
    )
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(Text)
