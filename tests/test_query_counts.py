"""/today, /progress, the therapist's dashboard and the patient record run a fixed number of
SQL statements, however big the program, the log history or the patient list."""

from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from unittest import mock

import pytest
from sqlalchemy import Select, event, select

from portal.booking.models import TimeOff
from portal.db_types import utcnow
from portal.extensions import db
from portal.localtime import local_today
from portal.notes.models import NoteAddendum, TreatmentNote
from portal.programs.models import PlanStatus, PracticeLog, ProgramItem
from portal.programs.services import publish_version, record_psfs
from portal.safety.models import FlagKind, SafetyFlag

AUDIT_WRITE = 1  # a staff page that shows patients records the reads: one INSERT for them all
# /today: the session's user with their roles and unread messages (for the navigation), the
# plans (versions, items, techniques), then the screening, flags and the day's logs together.
# /progress: sign-in, the plans (with their centres), what they make due (plan_schedules),
# the year summed per day, PSFS, ODI.
PATIENT_PAGE_STATEMENTS = {"/today": 3, "/progress": 6}
# A practice page: sign-in, the plans (versions, items, techniques), the screening, flags
# and the day's logs together.
PRACTICE_PAGE_STATEMENTS = 3
# Sign-in with the therapist's centre, city and unread messages, the patient, the plans
# (versions, items, techniques), flags, PSFS, the year summed per day, screening, notes,
# sessions without a note, ODI.
PATIENT_RECORD_READS = 10
# Sign-in with where the therapist works and their unread messages, the page with its stored
# signals (and who has an open flag), the open flags of those who have one, the plans of
# the flagged (their time zone). A page without an open flag reads neither.
DASHBOARD_READS = 4


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


def statements_for(client, url, *, empty_session=False):
    """Statements for one request. With `empty_session`, it starts from nothing loaded, as in
    production (an object the test left in the session would hide a missing eager load); the
    test's objects are then detached and expired, so take their ids first."""
    db.session.expire_all()
    if empty_session:
        db.session.expunge_all()
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
    today = local_today("Asia/Kolkata")
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
    for month in range(days // 30):  # a PSFS every month, three activities scored
        scores = [("Sitting at work", 6), ("Walking to the bus", 5), ("Lifting my child", 7)]
        record_psfs(patient, today - timedelta(days=30 * month), scores)
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
    assert many == PATIENT_PAGE_STATEMENTS[url]


def _open_flag(patient, item=None, kind=FlagKind.SHARP_PAIN, **fields):
    flag = SafetyFlag(
        patient_id=patient.id, kind=kind, details="Stopped (sharp pain).", item_id=item, **fields
    )
    db.session.add(flag)
    db.session.commit()
    return flag


def test_dashboard_does_not_grow_with_the_patient_list(client, make, login_as):
    centre, therapist = _clinic(make)
    first = _patient_with_history(make, centre, therapist, ["GV4"], days=3)
    _open_flag(first)  # a flagged row is shown either way: its line costs the same
    for _ in range(9):
        _patient_with_history(make, centre, therapist, ["GV4"], days=3)
    login_as(therapist)
    ten = statements_for(client, "/therapist/")
    for _ in range(190):
        _patient_with_history(make, centre, therapist, ["GV4", "BRIDGE"], days=3)
    two_hundred = statements_for(client, "/therapist/")
    assert "Test Patient" in client.get("/therapist/").get_data(as_text=True)
    assert two_hundred == ten
    assert two_hundred == DASHBOARD_READS + AUDIT_WRITE


def test_a_dashboard_page_without_open_flags_reads_no_flags(client, make, login_as):
    centre, therapist = _clinic(make)
    patients = [_patient_with_history(make, centre, therapist, ["GV4"], days=3) for _ in range(3)]
    _open_flag(patients[0], acknowledged_at=utcnow(), acknowledged_by_id=therapist.id,
               acknowledgement_note="Called her; fine.")  # fmt: skip
    login_as(therapist)
    assert statements_for(client, "/therapist/") == DASHBOARD_READS - 2 + AUDIT_WRITE
    _open_flag(patients[1])
    page = client.get("/therapist/").get_data(as_text=True)
    assert "Sharp pain" in page
    assert statements_for(client, "/therapist/") == DASHBOARD_READS + AUDIT_WRITE


def test_dashboard_does_not_grow_with_the_log_history(client, make, login_as):
    centre, therapist = _clinic(make)
    _patient_with_history(make, centre, therapist, ["GV4"], days=1)
    login_as(therapist)
    one_day = statements_for(client, "/therapist/")
    _patient_with_history(make, centre, therapist, ["GV4", "BL23", "BRIDGE"], days=365)
    assert statements_for(client, "/therapist/") == one_day


def _record_with(make, centre, plans, codes, days, flags):
    """A patient with plans by different therapists (one cancelled: its items are loaded for
    no plan) and flags on different items, acknowledged by different people."""
    patient = _patient_with_history(make, centre, make.therapist(centre), codes, days)
    today = local_today("Asia/Kolkata")
    for number in range(plans - 1):
        therapist = make.therapist(centre)
        plan = make.plan(patient, therapist, [make.item(c) for c in codes], today)
        publish_version(plan.program, [make.item(c) for c in reversed(codes)], today, therapist)
        plan.status = PlanStatus.CANCELLED if number == 0 else plan.status
    db.session.commit()
    items = db.session.scalars(select(ProgramItem.id).order_by(ProgramItem.id.desc())).all()
    for number in range(flags):
        acknowledged = number % 2 == 1
        _open_flag(
            patient, items[number], acknowledged_at=utcnow() if acknowledged else None,
            acknowledged_by_id=make.therapist(centre).id if acknowledged else None,
            acknowledgement_note="Called" if acknowledged else None,
        )  # fmt: skip
    _open_flag(patient, kind=FlagKind.RED_FLAG, red_flags=["saddle_numbness"])
    return patient


def test_patient_record_does_not_grow_with_plans_items_or_logs(client, make, login_as):
    centre, therapist = _clinic(make)
    small = _record_with(make, centre, plans=1, codes=["GV4"], days=1, flags=1)
    six = ["BL23", "GV4", "BL40", "BRIDGE", "PELVIC-TILT", "CAT-COW"]
    big = _record_with(make, centre, plans=3, codes=six, days=365, flags=6)
    login_as(therapist)
    small_url, big_url = (f"/therapist/patients/{patient.id}" for patient in (small, big))
    few = statements_for(client, small_url, empty_session=True)
    many = statements_for(client, big_url, empty_session=True)
    assert many == few
    assert many == PATIENT_RECORD_READS + AUDIT_WRITE


def _sessions_and_notes(make, centre, therapist, count, days_ago):
    """A patient of `therapist` with `count` signed notes (each with an addendum) and `count`
    sessions still without one, a day apart from `days_ago` back, each at a centre and of a
    service of its own."""
    patient = make.patient(centre=centre)
    services = [make.service(slug) for slug in ("new-consultation", "follow-up", "home-visit")]
    for number in range(2 * count):
        session = make.appointment(
            patient, therapist, make.centre(centre.city), services[number % len(services)],
            utcnow() - timedelta(days=days_ago + number),
        )  # fmt: skip
        if number % 2 == 0:
            note = TreatmentNote(
                appointment_id=session.id, patient_id=patient.id, author_id=therapist.id,
                subjective="Better.", signed_at=utcnow(),
            )  # fmt: skip
            note.addenda.append(NoteAddendum(author_id=make.therapist(centre).id, body="Also."))
            db.session.add(note)
    db.session.commit()
    return patient


def test_patient_record_does_not_grow_with_notes_or_sessions(client, make, login_as):
    centre, therapist = _clinic(make)
    one = _sessions_and_notes(make, centre, therapist, count=1, days_ago=1)
    five = _sessions_and_notes(make, centre, therapist, count=5, days_ago=3)
    login_as(therapist)
    one_url, five_url = (f"/therapist/patients/{patient.id}" for patient in (one, five))
    page = client.get(five_url).get_data(as_text=True)
    assert page.count("Home visit") >= 2  # the sessions and notes are listed, with their lines
    few = statements_for(client, one_url, empty_session=True)
    many = statements_for(client, five_url, empty_session=True)
    assert many == few


HOUR = timedelta(hours=1)


@pytest.mark.parametrize("url", ["/today", "/progress", "slot step"])
def test_patient_pages_build_no_statement_once_warm(client, make, login_as, url):
    """Their statements are built once per process (portal/statements.py): building a SELECT
    with its loader options cost about as much as running it. A statement built again on
    every request would show up here."""
    centre, therapist = _clinic(make)
    login_as(_patient_with_history(make, centre, therapist, ["GV4", "BRIDGE"], days=30))
    if url == "slot step":  # with a booked appointment and time off in its fortnight
        make.working_week(therapist, centre)
        url = f"/book/{centre.slug}/{make.service().slug}/"
        tomorrow = datetime.combine(local_today("Asia/Kolkata") + timedelta(1), time(5), UTC)
        make.appointment(make.patient(), therapist, centre, make.service(), tomorrow)
        away = tomorrow + timedelta(hours=3)
        db.session.add(TimeOff(therapist_id=therapist.id, starts_at=away, ends_at=away + HOUR))
        db.session.commit()
    assert client.get(url).status_code == 200  # warm: each statement built once
    with mock.patch.object(Select, "__init__", autospec=True, side_effect=Select.__init__) as built:
        assert client.get(url).status_code == 200
    assert built.call_count == 0, [call.args[1:] for call in built.call_args_list]


def test_the_practice_page_does_not_grow_with_program_or_history(client, make, login_as):
    centre, therapist = _clinic(make)
    counts = []
    for codes, days in ((["GV4"], 1), (["BL23", "GV4", "BL40", "BRIDGE", "CAT-COW"], 365)):
        patient = _patient_with_history(make, centre, therapist, codes, days)
        logged = select(PracticeLog.item_id).where(PracticeLog.patient_id == patient.id)
        item_id = db.session.scalars(logged).first()
        login_as(patient)
        counts.append(statements_for(client, f"/today/practice/{item_id}"))
        client.post("/logout")
    assert counts == [PRACTICE_PAGE_STATEMENTS] * 2
