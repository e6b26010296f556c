"""Emails leave through the worker, to a real SMTP server: never inside the request, retried
with growing waits while the mail server is down, each sent exactly once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.booking.presenters import slot_value
from portal.db_types import utcnow
from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from portal.notifications.retry import retry_delay
from portal.notifications.services import queue_plain_email
from tests.worker_fixtures import at_once, make_due, queue_unreachable, smtp_settings, sweep_now

ROOT = Path(__file__).resolve().parents[2]


def _book(client, practice, start):
    url = f"/book/{practice['centre'].slug}/follow-up/confirm"
    return client.post(url, data={"start": slot_value(start), "therapist": "any"})


def _only_email(kind: str | None = None) -> OutgoingEmail:
    db.session.commit()  # a fresh look: the worker writes through its own connection
    query = select(OutgoingEmail)
    if kind is not None:
        query = query.where(OutgoingEmail.kind == kind)
    [email] = db.session.scalars(query).all()
    return email


def test_a_booking_request_only_queues_and_the_worker_delivers_once(
    app, client, login_as, practice, upcoming_at, smtp_server, run_worker
):
    login_as(practice["patient"])
    response = _book(client, practice, upcoming_at(11))
    assert response.status_code == 302
    assert smtp_server.messages == []  # nothing was sent while the patient waited
    assert _only_email().sent_at is None

    assert run_worker() == 1
    [message] = smtp_server.messages
    assert message["To"] == practice["patient"].email
    assert "Your appointment is booked" in message["Subject"]
    assert _only_email().sent_at is not None

    sweep_now(app)  # the minute's sweep finds nothing left to send
    assert len(smtp_server.messages) == 1


def test_a_request_does_not_send_other_peoples_waiting_emails(
    app, client, login_as, practice, upcoming_at, smtp_server
):
    for n in range(5):
        queue_plain_email(kind="reminder", to_email=f"p{n}@example.test", subject="s", body="b")
    db.session.commit()
    login_as(practice["patient"])
    _book(client, practice, upcoming_at(11))
    assert smtp_server.messages == []


def test_a_mail_server_that_is_down_delays_the_email_and_it_goes_once_when_back(
    app, client, login_as, practice, upcoming_at, smtp_server, run_worker
):
    smtp_server.stop()
    login_as(practice["patient"])
    _book(client, practice, upcoming_at(11))
    before = utcnow()
    run_worker()
    email = _only_email()
    assert (email.sent_at, email.undeliverable_at, email.attempts) == (None, None, 1)
    assert "Connection refused" in email.last_error or "ConnectionRefused" in email.last_error
    assert email.next_attempt_at >= before + retry_delay(1)  # later, not at once

    sweep_now(app)  # the sweep comes by before the wait is over: the attempt is not burned
    assert _only_email().attempts == 1

    smtp_server.start()
    make_due(email)
    sweep_now(app)
    sweep_now(app)
    [message] = smtp_server.messages
    assert "Your appointment is booked" in message["Subject"]
    email = _only_email()
    assert email.sent_at is not None
    assert email.attempts == 2
    assert email.next_attempt_at is None


def test_if_the_queue_cannot_be_reached_the_sweep_still_delivers(
    app, client, login_as, practice, upcoming_at, smtp_server, run_worker, monkeypatch
):
    login_as(practice["patient"])
    with monkeypatch.context() as patch:
        patch.setattr(app.extensions["worker"].queue, "enqueue", queue_unreachable)
        response = _book(client, practice, upcoming_at(11))
    assert response.status_code == 302  # the booking stands
    assert run_worker() == 0  # no task was queued
    assert smtp_server.messages == []
    sweep_now(app)
    assert len(smtp_server.messages) == 1
    assert _only_email().sent_at is not None


def test_two_workers_at_once_send_each_email_once(app, smtp_server):
    for n in range(30):
        queue_plain_email(kind="reminder", to_email=f"p{n}@example.test", subject=f"{n}", body="b")
    db.session.commit()
    at_once(app, app.extensions["worker"].sweep.call_local)
    assert sorted(smtp_server.subjects(), key=int) == [str(n) for n in range(30)]
    db.session.commit()
    emails = db.session.scalars(select(OutgoingEmail)).all()
    assert all(email.sent_at is not None and email.attempts == 1 for email in emails)


@pytest.fixture
def worker_process(app, database_url, task_queue_url, smtp_server, tmp_path):
    """`flask worker`: a real huey consumer in a process of its own, on the test's database,
    queue and SMTP server."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TASK_QUEUE_URL": task_queue_url,
        "SECRET_KEY": "test-secret-key",
        **{key: str(value or "") for key, value in smtp_settings(smtp_server.port).items()},
        "MAIL_USE_TLS": "false",
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--threads", "2"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    finally:
        process.kill()
        log.close()


def _wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_a_running_worker_process_delivers_what_a_request_queued(
    client, login_as, practice, upcoming_at, smtp_server, worker_process, tmp_path
):
    login_as(practice["patient"])
    _book(client, practice, upcoming_at(11))
    delivered = _wait_for(lambda: len(smtp_server.messages) >= 1)
    assert delivered, (tmp_path / "worker.log").read_text()[-3000:]
    # A real worker also runs its schedule: at a quarter hour it queues tomorrow's reminder.
    assert _wait_for(lambda: _only_email("booked").sent_at is not None, seconds=10)
    subjects = [message["Subject"] for message in smtp_server.messages]
    assert sum("Your appointment is booked" in subject for subject in subjects) == 1
    worker_process.send_signal(signal.SIGTERM)
    assert worker_process.wait(timeout=30) == 0  # stops cleanly when asked
