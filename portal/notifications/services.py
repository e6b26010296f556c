"""The outbox: an email is a row added to the current transaction; the worker sends it once
that commits (portal/worker/dispatch.py). Each area writes its own messages (e.g.
portal/booking/emails.py) and queues them here."""

from flask import current_app

from portal.extensions import db
from portal.notifications.models import OutgoingEmail


def queue_plain_email(
    *,
    kind: str,
    to_email: str,
    subject: str,
    body: str,
    urgent: bool = False,
    unsubscribe_url: str | None = None,
) -> OutgoingEmail:
    email = OutgoingEmail(
        kind=kind,
        to_email=to_email,
        subject=subject,
        body=body,
        urgent=urgent,
        unsubscribe_url=unsubscribe_url,
    )
    db.session.add(email)
    return email


def sender_address() -> str:
    """The bare address of MAIL_DEFAULT_SENDER ("Name <a@b>" → "a@b")."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    return sender.split("<")[-1].rstrip(">").strip()
