"""The audit events a request queues: each read once, in the order it happened."""

from flask import Flask

from portal.audit.models import AuditEvent
from portal.audit.pending import queue_event, requeue_events, take_pending_events


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
