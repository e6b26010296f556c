"""After a commit that queued emails, the worker is asked to deliver them.

A session notes the emails it inserts at each flush and hands them to the worker only once
the transaction commits: the worker never looks for a row that is not there yet, and a rolled
back email is never announced.
"""

from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from portal.worker.tasks import enqueue_delivery

_NOTED = "emails_to_deliver"


def watch_outbox() -> None:
    for name, listener in (
        ("after_flush", _note_new_emails),
        ("after_commit", _hand_to_worker),
        ("after_rollback", _forget),
    ):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def deliver_after_commit(email: OutgoingEmail) -> None:
    """For an email changed rather than created (an admin's "Try again")."""
    db.session.info.setdefault(_NOTED, []).append((email.id, email.urgent))


def _note_new_emails(session: Session, _context) -> None:
    noted = [(obj.id, obj.urgent) for obj in session.new if isinstance(obj, OutgoingEmail)]
    if noted:
        session.info.setdefault(_NOTED, []).extend(noted)


def _hand_to_worker(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released (a joined serialized() block): the real commit is later
    if noted := session.info.pop(_NOTED, None):
        enqueue_delivery(noted)


def _forget(session: Session) -> None:
    # A savepoint undone keeps the list: an id whose row is gone is skipped by the worker.
    if not session.in_nested_transaction():
        session.info.pop(_NOTED, None)
