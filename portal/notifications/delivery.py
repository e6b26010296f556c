"""Delivering the outbox, from the worker (never from a web request).

Each email is first claimed (so two workers never both send it), then delivered outside any
transaction (a slow mail server holds no lock), then marked sent, or given its next attempt
(retry.py) or, after the last, marked undeliverable for an admin to see.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Select, func, select, update

from portal.db_types import utcnow
from portal.extensions import db
from portal.notifications import mail
from portal.notifications.models import OutgoingEmail
from portal.notifications.retry import retry_delay
from portal.transactions import serialized

log = logging.getLogger(__name__)

# Long enough for any SMTP conversation (its timeout is 20 s): a claim older than this belongs
# to a worker that died, and the email is due again.
CLAIM_TIMEOUT = timedelta(minutes=10)


@dataclass(frozen=True)
class Delivered:
    sent: int = 0
    failed: int = 0

    def __add__(self, other: "Delivered") -> "Delivered":
        return Delivered(self.sent + other.sent, self.failed + other.failed)


def deliver_emails(email_ids: Sequence[int]) -> Delivered:
    """Try these emails now, if they are due and nobody else is sending them."""
    result = Delivered()
    for email_id in email_ids:
        email = _claim(email_id)
        if email is not None:
            result += _attempt(email)
    return result


def deliver_due_emails(limit: int = 1000) -> Delivered:
    """Every email whose time has come (urgent ones first), up to `limit`."""
    result = Delivered()
    while result.sent + result.failed < limit:
        batch = due_email_ids(utcnow(), min(100, limit - result.sent - result.failed))
        if not batch:
            break
        batch_result = deliver_emails(batch)
        if batch_result == Delivered():  # all claimed by another worker meanwhile
            break
        result += batch_result
    return result


def due_email_ids(now: datetime, limit: int) -> list[int]:
    return list(
        db.session.scalars(
            select(OutgoingEmail.id)
            .where(_waiting(), OutgoingEmail.next_attempt_at <= now)
            .order_by(OutgoingEmail.urgent.desc(), OutgoingEmail.next_attempt_at, OutgoingEmail.id)
            .limit(limit)
        )
    )


def _waiting():
    return OutgoingEmail.sent_at.is_(None) & OutgoingEmail.undeliverable_at.is_(None)


def _claim(email_id: int) -> OutgoingEmail | None:
    """Take the email for one attempt: a conditional UPDATE, so of two workers one wins."""
    now = utcnow()
    with serialized():
        result = db.session.execute(
            update(OutgoingEmail)
            .where(OutgoingEmail.id == email_id, _waiting(), OutgoingEmail.next_attempt_at <= now)
            .values(
                attempts=OutgoingEmail.attempts + 1,
                last_attempt_at=now,
                next_attempt_at=now + CLAIM_TIMEOUT,
            )
        )
        claimed = cast("CursorResult[Any]", result).rowcount  # an UPDATE: a cursor result
    return db.session.get(OutgoingEmail, email_id) if claimed else None


def _attempt(email: OutgoingEmail) -> Delivered:
    try:
        mail.deliver(email)
    except Exception as error:  # any failure: keep the email and try again later
        log.warning("email %s not sent (attempt %s): %s", email.id, email.attempts, error)
        _record_failure(email, f"{type(error).__name__}: {error}"[:1000])
        return Delivered(failed=1)
    _record_sent(email)
    return Delivered(sent=1)


def _record_sent(email: OutgoingEmail) -> None:
    with serialized():
        email.sent_at = utcnow()
        email.next_attempt_at = None
        email.last_error = None


def _record_failure(email: OutgoingEmail, error: str) -> None:
    now = utcnow()
    wait = retry_delay(email.attempts)
    with serialized():
        email.last_error = error
        email.next_attempt_at = now + wait if wait is not None else None
        email.undeliverable_at = None if wait is not None else now


def try_again(email: OutgoingEmail) -> None:
    """An admin asks for a given-up email to be sent: a fresh series of attempts, due now.

    The caller commits; the email is then handed to the worker like a new one.
    """
    email.undeliverable_at = None
    email.attempts = 0
    email.next_attempt_at = utcnow()


def undeliverable_emails() -> Select[OutgoingEmail]:
    """Emails given up on, the latest first: a query, for the admin's list to page through."""
    return (
        select(OutgoingEmail)
        .where(OutgoingEmail.undeliverable_at.is_not(None), OutgoingEmail.sent_at.is_(None))
        .order_by(OutgoingEmail.undeliverable_at.desc(), OutgoingEmail.id.desc())
    )


def waiting_count() -> int:
    return db.session.execute(
        select(func.count()).select_from(OutgoingEmail).where(_waiting())
    ).scalar_one()
