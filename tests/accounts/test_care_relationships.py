"""care_relationships (whom a therapist treats) is kept by the database's triggers: after any
write to plans or appointments, the portal's or not, it holds exactly the (therapist,
patient) pairs that share one, with how many of each; and what a therapist may see follows."""

import random
from datetime import timedelta

from sqlalchemy import text

from portal.accounts.scope import patients_treated_by, treats
from portal.booking.models import AppointmentStatus
from portal.db_types import utcnow
from portal.extensions import db
from portal.programs.models import TreatmentPlan
from tests.care_rows import copy_of_row, pairs_in_the_rows, stored_pairs


def _session(make, patient, therapist, centre, days_ahead=1, **fields):
    return make.appointment(
        patient, therapist, centre, make.service(), utcnow() + timedelta(days=days_ahead), **fields
    )


def test_a_plan_and_an_appointment_each_count_the_pair(make):
    centre = make.centre()
    therapist, patient = make.therapist(centre), make.patient()
    make.plan(patient, therapist)
    assert stored_pairs() == {(therapist.id, patient.id): (1, 0)}
    _session(make, patient, therapist, centre)
    _session(make, patient, therapist, centre, days_ahead=2)
    assert stored_pairs() == {(therapist.id, patient.id): (1, 2)}
    assert db.session.scalars(patients_treated_by(therapist.id)).all() == [patient.id]


def test_a_cancelled_appointment_still_counts(make):
    centre = make.centre()
    therapist, patient = make.therapist(centre), make.patient()
    appointment = _session(make, patient, therapist, centre)
    appointment.status = AppointmentStatus.CANCELLED
    db.session.commit()
    assert stored_pairs() == {(therapist.id, patient.id): (0, 1)}


def test_an_appointment_moved_to_a_colleague_moves_the_pair(make):
    centre = make.centre()
    first, colleague, patient = make.therapist(centre), make.therapist(centre), make.patient()
    appointment = _session(make, patient, first, centre)
    appointment.therapist_id = colleague.id
    db.session.commit()
    assert stored_pairs() == {(colleague.id, patient.id): (0, 1)}
    assert not treats(first, patient.id)
    assert treats(colleague, patient.id)


def test_a_plan_moved_to_another_patient_moves_the_pair(make):
    therapist, patient, other = make.therapist(), make.patient(), make.patient(name="Ravi Kumar")
    plan = make.plan(patient, therapist)
    db.session.execute(
        text("UPDATE treatment_plans SET patient_id = :other WHERE id = :plan"),
        {"other": other.id, "plan": plan.id},
    )
    db.session.commit()
    assert stored_pairs() == {(therapist.id, other.id): (1, 0)}


def test_the_pair_outlives_each_row_but_the_last(make):
    centre = make.centre()
    therapist, patient = make.therapist(centre), make.patient()
    first, second = (_session(make, patient, therapist, centre, days) for days in (1, 2))
    plan = _bare_plan(patient, therapist, centre)
    for table, row_id, left in (
        ("appointments", first.id, (1, 1)),
        ("treatment_plans", plan.id, (0, 1)),
        ("appointments", second.id, None),
    ):
        db.session.execute(text(f"DELETE FROM {table} WHERE id = :id"), {"id": row_id})  # noqa: S608
        db.session.commit()
        assert stored_pairs().get((therapist.id, patient.id)) == left
    assert not treats(therapist, patient.id)


def _bare_plan(patient, therapist, centre) -> TreatmentPlan:
    """A plan with no program yet (nothing else refers to it: it can be deleted)."""
    plan = TreatmentPlan(
        patient_id=patient.id, therapist_id=therapist.id, centre_id=centre.id,
        condition="Neck pain", goals="Turn the head freely", sessions_planned=4,
        session_frequency="Once a week", start_date=utcnow().date(),
    )  # fmt: skip
    db.session.add(plan)
    db.session.commit()
    return plan


def test_any_mix_of_writes_leaves_the_table_equal_to_the_rows(make):
    """Plans and appointments copied, moved between therapists and patients, and deleted in
    SQL behind the portal's back, in a random order (a fixed seed: the same run each time);
    after each write the table is what the rows say."""
    centre = make.centre()
    therapists = [make.therapist(centre) for _ in range(3)]
    patients = [make.patient(name=f"Patient {number}") for number in range(3)]
    make.plan(patients[0], therapists[0])
    _session(make, patients[0], therapists[0], centre, status=AppointmentStatus.CANCELLED)
    db.session.commit()
    rng = random.Random(20261206)  # noqa: S311 (a repeatable order, not a secret)
    for step in range(60):
        table = rng.choice(["treatment_plans", "appointments"])
        ids = db.session.scalars(text(f"SELECT id FROM {table} ORDER BY id")).all()  # noqa: S608
        action = rng.choice(["copy", "copy", "move", "move", "delete"]) if ids else "copy"
        if action == "copy" and ids:
            _copy_row(table, rng.choice(ids), rng.choice(therapists), rng.choice(patients), step)
        elif action == "move":
            column = rng.choice(["therapist_id", "patient_id"])
            person = rng.choice(therapists if column == "therapist_id" else patients)
            db.session.execute(
                text(f"UPDATE {table} SET {column} = :person WHERE id = :id"),  # noqa: S608
                {"person": person.id, "id": rng.choice(ids)},
            )
        elif action == "delete" and (deletable := _deletable_ids(table)):
            db.session.execute(
                text(f"DELETE FROM {table} WHERE id = :id"),  # noqa: S608
                {"id": rng.choice(deletable)},
            )
        db.session.commit()
        assert stored_pairs() == pairs_in_the_rows(), f"after step {step}: {action} {table}"
    assert len(pairs_in_the_rows()) > 1  # the run did make and move pairs


def _deletable_ids(table: str) -> list[int]:
    """Any appointment; a plan only when nothing refers to it (a copy has no program)."""
    if table == "appointments":
        return list(db.session.scalars(text("SELECT id FROM appointments ORDER BY id")))
    unreferenced = text(
        "SELECT id FROM treatment_plans WHERE id NOT IN (SELECT plan_id FROM home_programs)"
        " ORDER BY id"
    )
    return list(db.session.scalars(unreferenced))


def _copy_row(table: str, row_id: int, therapist, patient, step: int) -> None:
    """A copy of a row for another (therapist, patient): a cancelled appointment, so no two
    booked times overlap, with a calendar UID of its own."""
    columns = [c.name for c in db.metadata.tables[table].c if c.name != "id"]
    replaced = {"therapist_id": ":therapist", "patient_id": ":patient"}
    if table == "appointments":
        replaced |= {"uid": ":uid", "status": "'cancelled'"}
    db.session.execute(
        copy_of_row(table, columns, replaced),
        {"therapist": therapist.id, "patient": patient.id, "uid": f"copy-{step}", "id": row_id},
    )


def test_a_therapist_sees_a_patient_of_another_centre_only_while_treating_them(
    client, make, login_as
):
    home = make.centre()
    elsewhere = make.centre(make.city("Hyderabad"), "Kondapur", slug="hyd-kondapur")
    therapist, colleague = make.therapist(home), make.therapist(elsewhere)
    patient = make.patient(name="Farah Siddiqui", centre=elsewhere)
    appointment = _session(make, patient, therapist, home)
    patient_id = patient.id
    login_as(therapist)
    assert client.get(f"/therapist/patients/{patient_id}").status_code == 200
    assert "Farah Siddiqui" in client.get("/therapist/").get_data(as_text=True)
    appointment.therapist_id = colleague.id  # moved to a colleague at the patient's centre
    db.session.commit()
    assert client.get(f"/therapist/patients/{patient_id}").status_code == 404
    assert "Farah Siddiqui" not in client.get("/therapist/").get_data(as_text=True)


def test_emptying_a_table_at_once_leaves_the_pairs_the_other_makes(make):
    """TRUNCATE on PostgreSQL fires no row trigger (a statement trigger counts again); SQLite
    has none, and its DELETE of every row fires them."""
    centre = make.centre()
    therapist, colleague, patient = make.therapist(centre), make.therapist(centre), make.patient()
    make.plan(patient, therapist)
    _session(make, patient, colleague, centre)
    emptied = (
        "TRUNCATE appointments CASCADE"
        if db.engine.dialect.name == "postgresql"
        else "DELETE FROM appointments"
    )
    db.session.execute(text(emptied))
    db.session.commit()
    assert stored_pairs() == {(therapist.id, patient.id): (1, 0)}
