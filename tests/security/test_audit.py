import pytest
from flask import Response
from sqlalchemy import select

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.audit.services import audit
from portal.extensions import db
from portal.transactions import end_request_transaction, serialized
from tests.factories import PASSWORD


def _events(action=None):
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query).all()


def test_a_therapist_viewing_a_patient_is_logged(client, login_as, clinic, plan):
    login_as(clinic["therapist"])
    client.get(f"/therapist/patients/{clinic['patient'].id}",
               headers={"User-Agent": "Firefox on the clinic PC"})  # fmt: skip
    client.get(f"/therapist/plans/{plan.id}")
    [viewed] = _events("patient_viewed")
    assert viewed.actor_id == clinic["therapist"].id
    assert viewed.patient_id == clinic["patient"].id
    assert viewed.ip == "127.0.0.1"
    assert viewed.user_agent == "Firefox on the clinic PC"
    [plan_viewed] = _events("plan_viewed")
    assert (plan_viewed.record_type, plan_viewed.record_id) == ("TreatmentPlan", plan.id)


def test_logins_failures_and_password_changes_are_logged(client, make):
    user = make.patient(email="asha@example.com")
    client.post("/login", data={"email": "asha@example.com", "password": "wrong one!"})
    client.post("/login", data={"email": "asha@example.com", "password": PASSWORD})
    client.post("/account/password", data={
        "current_password": PASSWORD, "password": "a new long sentence",
        "confirm_password": "a new long sentence"})  # fmt: skip
    actions = [event.action for event in _events()]
    assert actions == ["login_failed", "login", "password_changed"]
    assert "asha@example.com" in _events("login_failed")[0].details
    assert _events("login")[0].actor_id == user.id


def test_changes_to_a_patients_care_are_logged(client, login_as, clinic, plan):
    login_as(clinic["therapist"])
    client.post(f"/therapist/plans/{plan.id}/status", data={"status": "completed"})
    [event] = _events("plan_status_changed")
    assert event.details == "completed"
    assert event.patient_id == clinic["patient"].id


def test_admins_read_and_filter_the_log(client, make, login_as, clinic, plan):
    login_as(clinic["therapist"])
    client.get(f"/therapist/patients/{clinic['patient'].id}")
    client.post("/logout")
    login_as(make.admin())
    html = client.get("/admin/audit/?action=patient_viewed").get_data(as_text=True)
    assert clinic["therapist"].email in html
    assert "patient viewed" in html
    other = client.get(f"/admin/audit/?patient={clinic['patient'].id + 999}").get_data(as_text=True)
    assert "No events match." in other
    typed = clinic["therapist"].email.upper()
    assert clinic["therapist"].email in client.get(f"/admin/audit/?actor={typed}").text
    huge = client.get(f"/admin/audit/?actor={'x' * 60_000}")  # SQLite refuses such a pattern
    assert huge.status_code == 200
    assert "No events match." in huge.text


def test_only_admins_read_the_log_and_nobody_can_change_it(app, client, make, login_as):
    login_as(make.therapist())
    assert client.get("/admin/audit/").status_code == 403
    audit_rules = [
        rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/admin/audit")
    ]
    assert audit_rules
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in audit_rules)


def test_a_read_is_logged_at_the_end_of_the_request_without_saving_unsaved_work(app, make):
    patient = make.patient(name="Asha Rao")
    with app.test_request_context("/therapist/"):
        audit("patient_viewed", patient_id=patient.id)
        patient.name = "half-finished edit"  # a view that stopped before committing
        with db.session.no_autoflush:  # a GET page never writes outside serialized()
            assert _events() == []  # nothing written yet: the event waits for the request's end
        end_request_transaction(Response())
    db.session.rollback()
    assert db.session.get(User, patient.id).name == "Asha Rao"
    [event] = _events("patient_viewed")
    assert event.patient_id == patient.id


def test_events_commit_with_the_requests_write_and_survive_its_failure(app, make):
    patient = make.patient()
    with app.test_request_context("/therapist/"):
        audit("patient_viewed", patient_id=patient.id)
        with pytest.raises(RuntimeError), serialized():
            raise RuntimeError("the write failed")
        assert _events() == []
        with serialized():
            pass  # the next write carries the event still waiting
        assert [event.action for event in _events()] == ["patient_viewed"]
