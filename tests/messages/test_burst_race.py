"""Twenty messages from one patient at the same moment: all are stored, and the therapist gets
one email for the burst (the sends are serialized on the patient, so only the first finds
nothing of theirs unread)."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.messages.models import Message
from portal.notifications.models import OutgoingEmail
from tests.concurrency.racing import InProcessClient, race, server_errors
from tests.concurrency.write_forms import one_patients_burst_of_messages


def test_a_burst_sent_at_once_is_stored_whole_and_announced_once(app, make):
    attempts = one_patients_burst_of_messages(make, 20)
    outcomes = race(lambda: InProcessClient(app), attempts)
    assert server_errors(outcomes) == []
    assert sorted(outcome.status for outcome in outcomes) == [302] * 20
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Message)) == 20
    emails = db.session.scalars(
        select(OutgoingEmail.to_email).where(OutgoingEmail.kind == "message_waiting")
    ).all()
    assert len(emails) == 1
