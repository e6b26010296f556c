"""A red flag reaches a person at once: the treating therapist, else the desk of the city."""

from sqlalchemy import select

from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from portal.notifications.services import queue_plain_email
from portal.safety.models import FlagKind, SafetyFlag
from tests.worker_fixtures import make_due, queue_unreachable, sweep_now

SADDLE = {"saddle_numbness": "y"}


def _emails():
    return db.session.scalars(select(OutgoingEmail).order_by(OutgoingEmail.id)).all()


def test_the_treating_therapist_is_emailed_at_once_and_nobody_else(
    client, make, login_as, clinic, plan, run_worker
):
    colleague = make.therapist(clinic["centre"], name="Dr. Meera Rao")  # same centre, no plan
    make.desk(clinic["centre"].city)
    login_as(clinic["patient"])
    response = client.post("/safety/symptoms", data={**SADDLE, "fever": "y"})
    assert response.headers["Location"] == "/safety/urgent"
    [email] = _emails()
    assert email.to_email == clinic["therapist"].email
    assert email.to_email != colleague.email
    assert email.kind == "red_flag"
    assert email.urgent  # ahead of everything else in the queue
    assert email.sent_at is None  # the request only queues it…
    run_worker()
    db.session.refresh(email)
    assert email.sent_at is not None  # …and the worker sends it at once, not at the next sweep
    assert email.subject == "Urgent: red flag reported by Rohan Kulkarni"
    assert "numbness in the saddle area and fever with back pain" in email.body
    assert f"/therapist/patients/{clinic['patient'].id}" in email.body
    assert "(Bengaluru time)" in email.body


def test_without_a_treating_therapist_the_citys_desk_is_emailed(client, make, login_as, clinic):
    bengaluru_desk = [make.desk(clinic["centre"].city), make.desk(clinic["centre"].city)]
    make.desk(make.city("Hyderabad"))
    login_as(clinic["patient"])  # a patient of the centre, with no plan
    client.post("/safety/symptoms", data={"bladder_bowel": "y"})
    emails = _emails()
    assert sorted(email.to_email for email in emails) == sorted(d.email for d in bengaluru_desk)
    assert clinic["therapist"].email not in {email.to_email for email in emails}
    assert all("No therapist is treating them" in email.body for email in emails)
    assert all("new bladder or bowel trouble" in email.body for email in emails)


def test_a_finished_plan_does_not_make_a_treating_therapist(client, make, login_as, clinic, plan):
    from portal.programs.models import PlanStatus

    plan.status = PlanStatus.COMPLETED
    db.session.commit()
    desk = make.desk(clinic["centre"].city)
    login_as(clinic["patient"])
    client.post("/safety/symptoms", data=SADDLE)
    assert [email.to_email for email in _emails()] == [desk.email]


def test_a_mail_server_that_is_down_delays_the_alert_but_loses_nothing(
    app, client, make, login_as, clinic, plan, smtp_server, run_worker
):
    smtp_server.stop()
    login_as(clinic["patient"])
    response = client.post("/safety/symptoms", data=SADDLE)
    assert response.headers["Location"] == "/safety/urgent"  # the patient is still told
    [flag] = db.session.scalars(select(SafetyFlag)).all()
    assert flag.kind is FlagKind.RED_FLAG
    run_worker()
    [email] = _emails()
    assert email.sent_at is None
    assert email.last_error
    assert email.undeliverable_at is None  # kept for the next attempt

    smtp_server.start()
    make_due(email)
    sweep_now(app)
    assert [message["Subject"] for message in smtp_server.messages] == [email.subject]
    assert email.sent_at is not None


def test_calm_answers_email_nobody(client, login_as, clinic, plan):
    login_as(clinic["patient"])
    client.post("/safety/symptoms", data={})
    assert _emails() == []


def test_the_alert_goes_out_ahead_of_a_backlog_of_older_emails(
    client, make, login_as, clinic, plan, smtp_server, run_worker
):
    for n in range(60):  # e.g. reminders queued while the mail server was down
        queue_plain_email(kind="reminder", to_email=f"p{n}@example.test", subject="s", body="b")
    db.session.commit()  # their delivery task is queued first
    login_as(clinic["patient"])
    client.post("/safety/symptoms", data=SADDLE)
    assert smtp_server.messages == []  # queued by the request, not sent in it
    run_worker()
    assert len(smtp_server.messages) == 61
    assert smtp_server.messages[0]["Subject"] == "Urgent: red flag reported by Rohan Kulkarni"


def test_the_sweep_sends_a_waiting_alert_before_older_emails(
    app, client, make, login_as, clinic, plan, smtp_server, monkeypatch
):
    """Even when no task was queued for it (the queue was unreachable), the alert goes first."""
    for n in range(10):
        queue_plain_email(kind="reminder", to_email=f"p{n}@example.test", subject="s", body="b")
    monkeypatch.setattr(app.extensions["worker"].queue, "enqueue", queue_unreachable)
    db.session.commit()
    login_as(clinic["patient"])
    client.post("/safety/symptoms", data=SADDLE)
    app.extensions["worker"].sweep.call_local()
    assert len(smtp_server.messages) == 11
    assert smtp_server.messages[0]["Subject"].startswith("Urgent: red flag")


def test_a_deactivated_therapist_is_not_counted_on(client, make, login_as, clinic, plan):
    clinic["therapist"].active = False  # left the clinic; the plan is still open
    db.session.commit()
    desk = make.desk(clinic["centre"].city)
    login_as(clinic["patient"])
    client.post("/safety/symptoms", data=SADDLE)
    assert [email.to_email for email in _emails()] == [desk.email]
