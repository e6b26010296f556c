"""An email the mail server keeps refusing is retried with growing waits for about a day, then
shown to admins as undeliverable (without its body), and "Try again" sends it."""

from datetime import timedelta

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from portal.notifications.retry import MAX_ATTEMPTS, retry_delay
from portal.notifications.services import queue_plain_email
from tests.worker_fixtures import make_due, sweep_now

HEALTH_DATA = "Rohan reported numbness in the saddle area"


def _queue_alert() -> OutgoingEmail:
    email = queue_plain_email(
        kind="red_flag", to_email="dr.hegde@example.test",
        subject="Urgent: red flag reported by Rohan Kulkarni", body=HEALTH_DATA,
    )  # fmt: skip
    db.session.commit()
    return email


def _sweep_when_due(app, email: OutgoingEmail) -> None:
    make_due(email)
    sweep_now(app)


def _give_up_on(app, email: OutgoingEmail) -> None:
    for _ in range(MAX_ATTEMPTS + 2):  # more sweeps than attempts: the extra ones do nothing
        _sweep_when_due(app, email)


def test_each_failure_waits_longer_and_the_last_marks_the_email_undeliverable(
    app, smtp_server, run_worker
):
    smtp_server.stop()
    email = _queue_alert()
    run_worker()
    waits = []
    while email.undeliverable_at is None:
        waits.append(email.next_attempt_at - email.last_attempt_at)
        _sweep_when_due(app, email)
    assert len(waits) == MAX_ATTEMPTS - 1
    # Each wait counts from the failure, a moment after the attempt began.
    for attempt, wait in enumerate(waits, start=1):
        assert retry_delay(attempt) <= wait < retry_delay(attempt) + timedelta(seconds=20)
    assert email.attempts == MAX_ATTEMPTS
    assert email.next_attempt_at is None
    assert email.sent_at is None
    _sweep_when_due(app, email)
    assert email.attempts == MAX_ATTEMPTS  # given up: never tried again by itself


def test_admins_see_undeliverable_emails_without_their_bodies(
    app, client, make, login_as, smtp_server, run_worker
):
    smtp_server.stop()
    email = _queue_alert()
    queue_plain_email(kind="reminder", to_email="p@example.test", subject="Waiting", body="b")
    db.session.commit()
    run_worker()
    _give_up_on(app, email)
    login_as(make.admin())
    page = client.get("/admin/emails").get_data(as_text=True)
    assert "Urgent: red flag reported by Rohan Kulkarni" in page
    assert "dr.hegde@example.test" in page
    assert "Red flag" in page
    assert f'<dd class="col-sm-9">{MAX_ATTEMPTS}</dd>' in page
    assert "ConnectionRefusedError" in page
    assert "Last tried" in page and "Given up" in page
    assert HEALTH_DATA not in page
    assert "1 email is waiting" in page  # the reminder, still being retried
    assert "Waiting</span>" not in page  # …and not listed as undeliverable
    assert 'href="/admin/emails"' in client.get("/admin/").get_data(as_text=True)


def test_try_again_sends_it_once_and_is_audited(
    app, client, make, login_as, smtp_server, run_worker
):
    smtp_server.stop()
    email = _queue_alert()
    run_worker()
    _give_up_on(app, email)
    admin = login_as(make.admin())
    smtp_server.start()

    response = client.post(f"/admin/emails/{email.id}/retry")
    assert response.headers["Location"] == "/admin/emails"
    assert smtp_server.messages == []  # re-queued, not sent inside the request
    db.session.commit()
    assert (email.undeliverable_at, email.attempts) == (None, 0)
    assert run_worker() == 1
    assert smtp_server.subjects() == [email.subject]
    assert email.sent_at is not None
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "email_retried"))
    assert (event.actor_id, event.record_id) == (admin.id, email.id)

    again = client.post(f"/admin/emails/{email.id}/retry", follow_redirects=True)
    assert "no longer undeliverable" in again.get_data(as_text=True)
    run_worker()
    assert len(smtp_server.messages) == 1


def test_only_admins_may_try_again(app, client, make, login_as, smtp_server, run_worker):
    smtp_server.stop()
    email = _queue_alert()
    run_worker()
    _give_up_on(app, email)
    login_as(make.desk())
    assert client.post(f"/admin/emails/{email.id}/retry").status_code == 404
    db.session.commit()
    assert email.undeliverable_at is not None
