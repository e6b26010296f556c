"""The worker in tests: a real SMTP server (aiosmtpd) on a free port, and running the tasks
a request queued, in this process, the way the consumer would."""

import socket
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from flask import has_request_context, request
from huey import signals
from sqlalchemy import update

from portal.db_types import utcnow
from portal.extensions import db
from portal.notifications import mail
from portal.notifications.models import OutgoingEmail


class Mailbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on 127.0.0.1 that a test can stop (the mail server is down) and start
    again on the same port."""

    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = _free_port()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.mailbox.messages

    def subjects(self) -> list[str]:
        return [message["Subject"] for message in self.messages]

    def start(self) -> None:
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def _no_email_sent_inside_a_request(monkeypatch) -> Iterator[None]:
    """Every test, every view: an email delivered while a request is being answered fails the
    test (at its end: the sender keeps any error to itself, as it must)."""
    deliver, inside = mail.deliver, []

    def deliver_outside_requests(email) -> None:
        if has_request_context():
            inside.append(f"email {email.id} ({email.kind}) sent inside {request.path}")
        deliver(email)

    monkeypatch.setattr(mail, "deliver", deliver_outside_requests)
    yield
    assert inside == [], "emails are sent by the worker, never inside a request"


@pytest.fixture
def smtp_server(app, monkeypatch) -> Iterator[SmtpServer]:
    """The portal sends by SMTP to a server started for this test."""
    server = SmtpServer()
    server.start()
    for key, value in smtp_settings(server.port).items():
        monkeypatch.setitem(app.config, key, value)
    yield server
    server.stop()


def smtp_settings(port: int) -> dict:
    return {
        "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
        "MAIL_USE_TLS": False, "MAIL_USERNAME": None,
    }  # fmt: skip


@pytest.fixture
def run_worker(app):
    """Run every task waiting in the queue, as the consumer would; returns how many ran.

    The test's own session commits first (so the worker sees its rows) and after (so the test
    sees what the worker wrote). A task that fails fails the test.
    """
    queue = app.extensions["worker"].queue

    def run() -> int:
        db.session.commit()
        errors = []

        def record(_signal, _task, error=None) -> None:
            errors.append(error)

        queue.signal(signals.SIGNAL_ERROR)(record)
        ran = 0
        try:
            while (task := queue.dequeue()) is not None:
                queue.execute(task)
                ran += 1
        finally:
            queue.disconnect_signal(record, signals.SIGNAL_ERROR)
        db.session.commit()
        assert not errors, f"a worker task failed: {errors}"
        return ran

    return run


def make_due(email) -> None:
    """The email's wait is over: what the clock would do in a minute (or in four hours)."""
    db.session.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.id == email.id, OutgoingEmail.next_attempt_at.is_not(None))
        .values(next_attempt_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()


def sweep_now(app) -> None:
    """The worker's periodic sweep, run now; then the test sees what it wrote."""
    app.extensions["worker"].sweep.call_local()
    db.session.commit()


def queue_unreachable(*_args, **_kwargs):
    raise ConnectionError("task queue unreachable")


def at_once(app, work: Callable[[], object], times: int = 2) -> list:
    """Run `work` in `times` threads released together (a barrier), each in an app context
    and a database session of its own, as workers racing in the database would; their
    results. An exception in any of them fails the test."""
    barrier = threading.Barrier(times, timeout=60)
    results, failures = [], []

    def run() -> None:
        try:
            with app.app_context():
                barrier.wait()
                results.append(work())
                db.session.remove()
        except Exception as error:  # reported below, in the test's thread
            failures.append(error)

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == [], failures
    db.session.rollback()  # a fresh look at what they wrote
    return results
