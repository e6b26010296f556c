"""Two processes write a therapist's only two appointments with a patient at once, one
adding the second while the other deletes the first, their transactions overlapping either
way round: the pair stays in care_relationships with one appointment, as the rows say. (A
trigger that looked for what was left, rather than counting, would drop the pair when the
delete ran beside the uncommitted insert, and the therapist would lose sight of a patient
they still treat.)"""

import multiprocessing
import time
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from portal.db_types import utcnow
from portal.extensions import db
from tests.care_rows import copy_of_row, pairs_in_the_rows, stored_pairs

# How long the first transaction stays open once the second has been started: long enough
# for the second to reach its write and wait on the first.
HOLD_SECONDS = 0.5


def _add_copy(connection, appointment_id: int, columns: list[str]) -> None:
    """A cancelled copy of the appointment: the same therapist and patient, a UID of its own."""
    replaced = {"uid": "'second-' || uid", "status": "'cancelled'"}
    connection.execute(copy_of_row("appointments", columns, replaced), {"id": appointment_id})


def _delete(connection, appointment_id: int, _columns: list[str]) -> None:
    connection.execute(text("DELETE FROM appointments WHERE id = :id"), {"id": appointment_id})


WRITES = {"add": _add_copy, "delete": _delete}


def _write(database_url, write, appointment_id, columns, wrote, other_started) -> None:
    """Run in a process of its own: one write in a transaction. The first writer (given
    `other_started`) keeps its transaction open until the second has begun its write, and
    a moment longer; the second says when it begins (`wrote`), then waits on the first."""
    # SQLite: wait for the other process's write lock rather than fail at once.
    waiting = {"timeout": 30} if database_url.startswith("sqlite") else {}
    engine = create_engine(database_url, connect_args=waiting)
    with engine.begin() as connection:
        if other_started is None:
            wrote.set()  # the second writer: about to write, and to wait for the first
        WRITES[write](connection, appointment_id, columns)
        if other_started is not None:
            wrote.set()
            other_started.wait(60)
            time.sleep(HOLD_SECONDS)
    engine.dispose()


@pytest.mark.parametrize("first", ["add", "delete"])
def test_overlapping_add_and_delete_keep_the_pair(make, database_url, first):
    centre = make.centre()
    therapist, patient = make.therapist(centre), make.patient()
    appointment = make.appointment(
        patient, therapist, centre, make.service(), utcnow() + timedelta(days=1)
    )
    columns = [c.name for c in db.metadata.tables["appointments"].c if c.name != "id"]
    db.session.commit()  # the test's own transaction holds no lock while the two race
    spawn = multiprocessing.get_context("spawn")
    first_wrote, second_started = spawn.Event(), spawn.Event()
    second = "delete" if first == "add" else "add"
    leader = spawn.Process(
        target=_write,
        args=(database_url, first, appointment.id, columns, first_wrote, second_started),
    )
    follower = spawn.Process(
        target=_write, args=(database_url, second, appointment.id, columns, second_started, None)
    )
    leader.start()
    assert first_wrote.wait(60), "the first writer did not write"
    follower.start()
    for process in (leader, follower):
        process.join(90)
        assert process.exitcode == 0
    db.session.expire_all()
    assert stored_pairs() == pairs_in_the_rows() == {(therapist.id, patient.id): (0, 1)}
