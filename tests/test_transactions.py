"""One transaction rule (portal/transactions.py): services change and flush, one place commits.

A writing request commits once, at its end, when its answer is below 400, and rolls back
otherwise; `serialized()` and `audit()` join a transaction that is already someone's instead
of committing it; a block that fails undoes only itself; a screening and its flag, a booking
and its email, are saved together or not at all.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Response
from sqlalchemy import create_engine, event, func, select, text

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.audit.services import audit
from portal.booking.models import Appointment
from portal.booking.services import BookingRequest, book
from portal.contact.models import CallbackRequest
from portal.extensions import db
from portal.localtime import local_today
from portal.notifications.models import OutgoingEmail
from portal.safety.models import SafetyFlag, SafetyScreening
from portal.transactions import end_request_transaction, serialized


class Boom(Exception):
    """A service failing after it has flushed some of its work."""


def _count(model, **where) -> int:
    """Counted on a connection of its own, of a plain engine (a reader even inside a test's
    writing request): what is committed, not what the session holds."""
    engine = create_engine(db.engine.url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(model).filter_by(**where))
    finally:
        engine.dispose()


def _callback(make, name: str) -> CallbackRequest:
    return CallbackRequest(name=name, phone="+919845677102", city=make.city("Bengaluru"),
                           preferred_time="morning", consent_at=datetime.now(UTC))  # fmt: skip


def _boom(*_args, **_kwargs):
    raise Boom


PREGNANT = {"pregnancy": "yes", "high_blood_pressure": "no", "skin_problems": "no"}


def test_a_screening_is_never_saved_without_its_flag(client, make, login_as, monkeypatch):
    patient = login_as(make.patient())
    monkeypatch.setattr("portal.safety.services.raise_flag", _boom)
    with pytest.raises(Boom):  # the flag fails after the screening was flushed
        client.post("/safety/screening", data=PREGNANT)
    db.session.rollback()
    assert _count(SafetyScreening, patient_id=patient.id) == 0
    assert _count(SafetyFlag, patient_id=patient.id) == 0


def test_a_screening_and_its_flag_are_saved_by_the_request(client, make, login_as):
    patient = login_as(make.patient())
    response = client.post("/safety/screening", data=PREGNANT)
    assert response.status_code == 302
    assert _count(SafetyScreening, patient_id=patient.id) == 1
    assert _count(SafetyFlag, patient_id=patient.id) == 1


def _booking_request(make) -> BookingRequest:
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    therapist = make.therapist(centre)
    make.working_week(therapist, centre)
    day = local_today("Asia/Kolkata") + timedelta(days=1)
    starts_at = datetime.combine(day, time(10), ZoneInfo("Asia/Kolkata")).astimezone(UTC)
    return BookingRequest(patient=make.patient(centre=centre), centre=centre,
                          service=make.service("follow-up"), starts_at=starts_at,
                          therapist_ids=[therapist.id])  # fmt: skip


def test_a_booking_whose_email_fails_is_undone_even_when_the_request_commits(
    app, make, monkeypatch
):
    request = _booking_request(make)
    monkeypatch.setattr("portal.booking.services.queue_appointment_email", _boom)
    with app.test_request_context("/book", method="POST"):
        db.session.commit()  # the request's own transaction begins here
        with pytest.raises(Boom):
            book(request)  # the appointment was flushed, then its email failed
        end_request_transaction(Response(status=302))
    assert _count(Appointment) == 0
    assert _count(OutgoingEmail) == 0


def test_a_booking_and_its_email_commit_with_the_request(app, make, monkeypatch):
    request = _booking_request(make)
    handed: list = []
    monkeypatch.setattr("portal.worker.dispatch.enqueue_delivery", handed.extend)
    with app.test_request_context("/book", method="POST"):
        db.session.commit()
        book(request)
        assert _count(Appointment) == 0  # joined the request's transaction: not committed yet
        assert handed == []  # the worker hears of the email only once it is committed
        end_request_transaction(Response(status=302))
    assert _count(Appointment) == 1
    assert _count(OutgoingEmail) == 1
    assert len(handed) == 1


def test_serialized_inside_a_writing_request_joins_it(app, make):
    make.city("Bengaluru")
    with app.test_request_context("/contact", method="POST"):
        db.session.commit()
        with serialized():
            db.session.add(_callback(make, "Lakshmi Iyer"))
        assert _count(CallbackRequest) == 0  # the request commits, not the block
        end_request_transaction(Response(status=302))
    assert _count(CallbackRequest) == 1


def _add_then_fail(row) -> None:
    with serialized():
        db.session.add(row)
        db.session.flush()
        raise Boom


def test_a_failed_block_undoes_only_itself(app, make):
    make.city("Bengaluru")
    with app.test_request_context("/contact", method="POST"):
        db.session.commit()
        db.session.add(_callback(make, "Kept"))
        with pytest.raises(Boom):
            _add_then_fail(_callback(make, "Undone"))
        end_request_transaction(Response(status=302))
    names = db.session.scalars(select(CallbackRequest.name)).all()
    assert names == ["Kept"]


def test_a_refused_request_saves_nothing_but_the_reads_it_audited(app, make):
    patient, _city = make.patient(), make.city("Bengaluru")
    with app.test_request_context("/contact", method="POST"):
        db.session.commit()
        audit("patient_viewed", patient_id=patient.id)
        db.session.add(_callback(make, "Lakshmi Iyer"))
        db.session.flush()
        end_request_transaction(Response(status=422))
    assert _count(CallbackRequest) == 0
    assert _count(AuditEvent, action="patient_viewed", patient_id=patient.id) == 1


def test_a_request_that_goes_through_saves_its_work_and_its_audit_events(app, make):
    patient, _city = make.patient(), make.city("Bengaluru")
    with app.test_request_context("/contact", method="POST"):
        db.session.commit()
        audit("patient_viewed", patient_id=patient.id)
        db.session.add(_callback(make, "Lakshmi Iyer"))
        end_request_transaction(Response(status=200))
    assert _count(CallbackRequest) == 1
    assert _count(AuditEvent, action="patient_viewed", patient_id=patient.id) == 1


def test_audit_does_not_commit_the_callers_unsaved_work(app, make):
    patient = make.patient(name="Asha Rao")
    patient.name = "half-finished edit"
    audit("erasure_requested", patient_id=patient.id)  # a command, outside any request
    db.session.rollback()
    assert db.session.get(User, patient.id).name == "Asha Rao"
    assert _count(AuditEvent) == 0  # it joined the caller's work, and went with it


def test_audit_outside_a_request_with_nothing_pending_is_written_at_once(app, make):
    patient = make.patient()
    audit("erasure_requested", patient_id=patient.id)
    assert _count(AuditEvent, action="erasure_requested") == 1


def test_serialized_outside_a_request_commits_and_joins_the_callers_unsaved_work(app, make):
    make.city("Bengaluru")
    with serialized():  # a command or the worker: the outermost block owns and commits
        db.session.add(_callback(make, "Owned"))
        with serialized():  # a nested block joins
            db.session.add(_callback(make, "Nested"))
        assert _count(CallbackRequest) == 0
    assert _count(CallbackRequest) == 2
    db.session.add(_callback(make, "Caller's"))
    with serialized():
        db.session.add(_callback(make, "Joined"))
    assert _count(CallbackRequest) == 2  # the caller had unsaved work: the caller commits
    db.session.rollback()
    assert db.session.scalar(text("SELECT count(*) FROM callback_requests")) == 2


def _endings(app, status: int, change=None, path="/today") -> list[str]:
    """How a reading request's transactions begin and end (COMMIT or ROLLBACK), after it read
    a row and perhaps changed it without saving (or recorded the read)."""
    endings: list[str] = []
    listeners = [("begin", lambda _c: endings.append("begin")),
                 ("commit", lambda _c: endings.append("commit")),
                 ("rollback", lambda _c: endings.append("rollback"))]  # fmt: skip
    with app.test_request_context(path):
        db.session.commit()
        user = db.session.scalars(select(User)).first()
        if change:
            change(user)
        for name, listener in listeners:
            event.listen(db.engine, name, listener)
        try:
            end_request_transaction(Response(status=status))
        finally:
            for name, listener in listeners:
                event.remove(db.engine, name, listener)
    return endings


def test_a_reading_request_that_changed_nothing_ends_with_commit(app, make):
    # psycopg forgets its prepared statements at every ROLLBACK: PostgreSQL would plan each
    # page's queries again on every request.
    make.patient()
    assert _endings(app, 200) == ["commit"]


def test_a_staff_pages_read_events_commit_with_its_reads_where_the_database_allows(app, make):
    """PostgreSQL writes them in the page's own transaction: one COMMIT. SQLite may not write
    in a transaction begun as a reader: that one ends, and a writing one takes the events."""
    patient = make.patient()
    endings = _endings(
        app, 200, lambda _user: audit("patient_viewed", patient_id=patient.id), "/therapist/"
    )
    if db.engine.dialect.name == "sqlite":
        assert endings == ["commit", "begin", "commit"]
    else:
        assert endings == ["commit"]
    assert _count(AuditEvent, action="patient_viewed", patient_id=patient.id) == 1


def test_a_refused_reading_request_rolls_back(app, make):
    make.patient()
    assert _endings(app, 404) == ["rollback"]


def test_a_reading_request_never_saves_a_change_it_left_unsaved(app, make):
    patient = make.patient(name="Asha Rao")
    patient_id = patient.id

    def rename(user):
        user.name = "half-finished edit"

    assert _endings(app, 200, rename) == ["rollback"]
    db.session.expire_all()
    assert db.session.get(User, patient_id).name == "Asha Rao"
