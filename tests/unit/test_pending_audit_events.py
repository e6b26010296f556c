"""The audit events a request queues: each read once, in the order it happened."""

from dataclasses import asdict, replace
from datetime import UTC, datetime

import pytest
from flask import Flask

from portal.audit.models import AuditEvent
from portal.audit.pending import (
    PendingEvent,
    queue_event,
    requeue_events,
    take_pending_events,
)


def _read(patient_id: int, action: str = "patient_viewed") -> AuditEvent:
    return AuditEvent(action=action, actor_id=7, patient_id=patient_id, record_type="patient",
                      record_id=patient_id)  # fmt: skip


def test_the_same_read_twice_is_queued_once_and_the_order_is_kept():
    with Flask(__name__).app_context():
        for patient_id in (3, 1, 3, 2, 1):
            queue_event(_read(patient_id))
        assert [event.patient_id for event in take_pending_events()] == [3, 1, 2]
        assert take_pending_events() == []  # taken: the next write starts afresh


def test_a_different_action_on_the_same_record_is_its_own_event():
    with Flask(__name__).app_context():
        queue_event(_read(3))
        queue_event(_read(3, action="plan_viewed"))
        actions = [event.action for event in take_pending_events()]
        assert actions == ["patient_viewed", "plan_viewed"]


def test_requeued_events_join_what_was_queued_since_without_doubles():
    with Flask(__name__).app_context():
        queue_event(_read(1))
        taken = take_pending_events()
        queue_event(_read(1))
        queue_event(_read(2))
        requeue_events(taken)
        assert [event.patient_id for event in take_pending_events()] == [1, 2]


def test_a_listing_records_each_patient_once_with_who_when_and_where():
    """record_reads: one event per patient listed (none for a missing id), each saying who
    read, on which page, from which address and browser."""
    from flask_login import LoginManager, login_user

    from portal.audit.services import record_reads

    app = Flask(__name__)
    app.secret_key = "test"
    LoginManager(app)

    class Staff:
        id, is_active, is_authenticated = 42, True, True

        def get_id(self):
            return "42"

    app.add_url_rule("/desk/", "desk.inbox", lambda: "")
    environ = {"REMOTE_ADDR": "10.1.2.3", "HTTP_USER_AGENT": "Firefox/128"}
    with app.test_request_context("/desk/", environ_base=environ):
        login_user(Staff())
        record_reads("patients_listed", [5, None, 9, 5, 2])
        events = take_pending_events()
    assert [event.patient_id for event in events] == [5, 9, 2]
    for event in events:
        assert (event.action, event.actor_id, event.details) == (
            "patients_listed",
            42,
            "desk.inbox",
        )
        assert (event.ip, event.user_agent) == ("10.1.2.3", "Firefox/128")
        assert event.at.tzinfo is not None and event.record_type is None


def test_one_reading_of_another_patient_keeps_every_other_value():
    shown = PendingEvent(at=datetime(2026, 12, 5, 9, 30, tzinfo=UTC), actor_id=7,
                         action="patients_listed", record_type="Patient", record_id=11,
                         patient_id=None, ip="10.0.0.7", user_agent="Firefox on Android",
                         details="therapist.dashboard")  # fmt: skip
    assert asdict(shown.about(42)) == asdict(replace(shown, patient_id=42))


@pytest.mark.parametrize("field", ["action", "actor_id", "patient_id", "record_type",
                                   "record_id", "details"])  # fmt: skip
def test_events_that_differ_in_any_part_of_what_was_read_are_each_queued(field):
    first = _read(3)
    other = _read(3)
    setattr(other, field, "other" if isinstance(getattr(first, field), str) else 99)
    with Flask(__name__).app_context():
        queue_event(first)
        queue_event(other)
        assert len(take_pending_events()) == 2
