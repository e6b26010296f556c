"""/today, /progress and the therapist's dashboard run a fixed number of SQL statements,
however big the program, the log history or the patient list."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from portal.extensions import db
from portal.programs.models import PracticeLog
from portal.programs.queries import local_date

MAX_STATEMENTS = 15
AUDIT_WRITE = 1  # a staff page that shows patients records the reads: one INSERT for them all


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith("BEGIN"):  # transaction control, not a query
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def statements_for(client, url):
    db.session.expire_all()  # each measured request loads what it needs, as in production
    with counted_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def _clinic(make):
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    return centre, make.therapist(centre)


def _patient_with_history(make, centre, therapist, codes, days):
    patient = make.patient(centre=centre)
    make.screening(patient)
    today = local_date("Asia/Kolkata")
    plan = make.plan(patient, therapist, [make.item(c) for c in codes], today - timedelta(days))
    logs = [
        PracticeLog(
            patient_id=patient.id,
            item_id=item.id,
            occurrence_date=today - timedelta(d),
            occurrence_index=1,
            pain_before=5,
            pain_after=3,
        )  # fmt: skip
        for d in range(days)
        for item in plan.program.versions[0].items
    ]
    db.session.add_all(logs)
    db.session.commit()
    return patient


@pytest.mark.parametrize("url", ["/today", "/progress"])
def test_patient_pages_do_not_grow_with_program_or_history(client, make, login_as, url):
    centre, therapist = _clinic(make)
    small = _patient_with_history(make, centre, therapist, ["GV4"], days=1)
    big = _patient_with_history(
        make, centre, therapist, ["BL23", "GV4", "BL40", "BRIDGE", "PELVIC-TILT", "CAT-COW"], 365
    )
    login_as(small)
    few = statements_for(client, url)
    client.post("/logout")
    login_as(big)
    many = statements_for(client, url)
    assert many == few
    assert many <= MAX_STATEMENTS


def test_dashboard_does_not_grow_with_the_patient_list(client, make, login_as):
    centre, therapist = _clinic(make)
    _patient_with_history(make, centre, therapist, ["GV4"], days=3)
    login_as(therapist)
    few = statements_for(client, "/therapist/")
    for _ in range(199):
        _patient_with_history(make, centre, therapist, ["GV4", "BRIDGE"], days=3)
    many = statements_for(client, "/therapist/")
    assert "Test Patient" in client.get("/therapist/").get_data(as_text=True)
    assert many == few
    assert many <= MAX_STATEMENTS + AUDIT_WRITE
