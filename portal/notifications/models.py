"""The outbox: every email is stored with the change that caused it, then delivered.

A booking and its email commit together, so a mail server that is down delays the email but
never loses it or the booking. The worker delivers it (portal/worker/) and retries failures
with growing waits (retry.py) until it is sent or marked undeliverable.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from portal.db_types import UtcDateTime, utcnow
from portal.extensions import Model


class OutgoingEmail(Model):
    __tablename__ = "outgoing_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # booked, moved, cancelled, reminder, …
    to_email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    ics: Mapped[bytes | None] = mapped_column(LargeBinary)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # When a worker may next try it; while one is sending, the end of its claim (a worker that
    # died mid-send leaves an email that becomes due again). None once sent or given up.
    next_attempt_at: Mapped[datetime | None] = mapped_column(
        UtcDateTime, default=utcnow, index=True
    )
    undeliverable_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    # Goes to the front of the queue (a red-flag alert).
    urgent: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A one-click unsubscribe address (RFC 8058) for an email someone chose to get (a daily
    # practice reminder): sent as List-Unsubscribe with List-Unsubscribe-Post.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
