"""Two rounds at once (worker threads, two worker processes, cron beside the worker) send each
patient's reminder once: the day is claimed by a conditional UPDATE in the email's transaction."""

import os
import subprocess
import sys
from collections import Counter
from datetime import datetime, time
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from portal.reminders.services import send_due_practice_reminders
from tests.reminders.conftest import at_local, set_reminder
from tests.worker_fixtures import at_once

ROOT = Path(__file__).resolve().parents[2]
KIND = "practice_reminder"


def _patients_due(make, clinic, count: int):
    patients = []
    for n in range(count):
        patient = make.patient(name=f"Patient {n}", centre=clinic["centre"])
        make.plan(patient, clinic["therapist"], [make.item("BRIDGE")])
        set_reminder(patient, remind_at=time(0, 0))  # due at any hour of today
        patients.append(patient)
    return patients


def _reminders_per_address() -> Counter:
    db.session.commit()  # a fresh look: the rounds wrote through their own connections
    rows = db.session.scalars(select(OutgoingEmail.to_email).where(OutgoingEmail.kind == KIND))
    return Counter(rows)


def test_two_rounds_at_once_in_threads_send_each_reminder_once(app, make, clinic, today):
    patients = _patients_due(make, clinic, 12)
    runs = at_once(app, lambda: send_due_practice_reminders(at_local(today, 8)))
    assert sum(run.sent for run in runs) == len(patients)
    assert _reminders_per_address() == Counter({p.email: 1 for p in patients})


def test_two_worker_processes_at_once_send_each_reminder_once(
    app, make, clinic, database_url, tmp_path
):
    patients = _patients_due(make, clinic, 30)
    db.session.commit()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "TASK_QUEUE_URL": "memory://",
        "MAIL_BACKEND": "outbox",
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
    }
    processes = [
        subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, "-m", "flask", "--app", "wsgi", "send-reminders"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=180)[0].decode() for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert _reminders_per_address() == Counter({p.email: 1 for p in patients})
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == len(patients)


def test_the_worker_runs_the_round_every_five_minutes(app):
    task = app.extensions["worker"].practice_reminders
    due = task.task_class().validate_datetime  # huey's schedule: naive UTC minutes
    assert task.name == "send_practice_reminders"
    assert due(datetime(2026, 12, 2, 7, 30)) and due(datetime(2026, 12, 2, 7, 35))  # noqa: DTZ001
    assert not due(datetime(2026, 12, 2, 7, 31))  # noqa: DTZ001


def test_the_scheduled_task_sends_as_the_worker_would(app, make, clinic):
    [patient] = _patients_due(make, clinic, 1)
    db.session.commit()
    app.extensions["worker"].practice_reminders.call_local()
    assert _reminders_per_address() == Counter({patient.email: 1})
