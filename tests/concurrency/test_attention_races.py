"""One patient logs many sessions at the same moment (a phone sending what it queued offline,
a second device): each write refreshes the patient's stored ranking rows (patient_attention)
from what is committed, so whatever order the writes land in, the rows left are the ones a
recomputation from the whole history gives, in this process and across gunicorn's workers."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.programs.models import PracticeLog
from tests.attention_rows import from_scratch, stored
from tests.concurrency.racing import Attempt, HttpClient, InProcessClient, race, server_errors

DAYS = 6  # today and the five days before it: all within the week a patient may fill in


@pytest.fixture
def week_of_items(make, clinic, today):
    """BL23 twice a day, GV4 and the bridge once, since five days ago: 24 sessions to log."""
    plan = make.plan(
        clinic["patient"],
        clinic["therapist"],
        [make.item("BL23", times_per_day=2), make.item("GV4"), make.item("BRIDGE")],
        start=today - timedelta(days=DAYS - 1),
    )
    return clinic["patient"], plan.program.versions[-1].items


def _each_session(patient, items, today) -> list[Attempt]:
    """Every session of the week, each with pains of its own (the latest pain depends on
    which lands last)."""
    attempts = []
    for back in range(DAYS):
        day = (today - timedelta(days=back)).isoformat()
        for item in items:
            for index in range(1, item.times_per_day + 1):
                before = 3 + (back + index + item.position) % 6
                data = {
                    "occurrence_date": day,
                    "occurrence_index": str(index),
                    "pain_before": str(before),
                    "pain_after": str(before - 2),
                }
                attempts.append(Attempt(f"/today/practice/{item.id}", data, login=patient.email))
    return attempts


def _assert_rows_current(patient, outcomes, sent: int) -> None:
    assert server_errors(outcomes) == []
    assert sorted(o.status for o in outcomes) == [302] * sent
    logged = select(func.count()).where(PracticeLog.patient_id == patient.id)
    assert db.session.scalar(logged) == sent
    assert stored(patient) == from_scratch(patient)


def test_a_patients_racing_logs_leave_current_rows(app, week_of_items, today):
    patient, items = week_of_items
    attempts = _each_session(patient, items, today)
    _assert_rows_current(patient, race(lambda: InProcessClient(app), attempts), len(attempts))


def test_a_patients_racing_logs_across_gunicorn_workers_leave_current_rows(
    gunicorn_url, week_of_items, today
):
    patient, items = week_of_items
    attempts = _each_session(patient, items, today)
    _assert_rows_current(patient, race(lambda: HttpClient(gunicorn_url), attempts), len(attempts))
