"""Messages by role: the patient and the therapists treating them write to each other; another
patient, a therapist who does not treat the patient, the desk and admins never see a thread."""

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.messages import services
from portal.messages.models import BODY_MAX_LENGTH, Message
from portal.programs.models import PlanStatus
from tests.emails import emails_to

BODY = "The bridge hurts my knee a little. Should I keep going?"


def _messages() -> list[Message]:
    db.session.expire_all()
    return list(db.session.scalars(select(Message).order_by(Message.id)))


def _patient_url(plan) -> str:
    return f"/messages/{plan.id}"


def _staff_url(plan) -> str:
    return f"/therapist/messages/{plan.id}"


# Who may open patient A's thread, at the URL for their role.
READERS = [
    ("patient_a", _patient_url, 200),
    ("patient_b", _patient_url, 404),
    ("therapist_a", _staff_url, 200),
    ("colleague", _staff_url, 404),  # same centre: may open the record, not the messages
    ("therapist_other", _staff_url, 404),
    ("desk", _staff_url, 404),
    ("admin", _staff_url, 404),
    ("therapist_a", _patient_url, 404),  # the other role's URL is no way in
    ("patient_a", _staff_url, 404),
]


@pytest.mark.parametrize(("who", "url", "status"), READERS)
def test_who_may_read_a_thread(client, login_as, world, send, who, url, status):
    send(world["plan"], world["patient_a"], BODY)
    login_as(world[who])
    response = client.get(url(world["plan"]))
    assert response.status_code == status
    assert (BODY in response.get_data(as_text=True)) is (status == 200)


@pytest.mark.parametrize(("who", "url", "status"), READERS)
def test_who_may_write_in_a_thread(client, login_as, world, who, url, status):
    login_as(world[who])
    response = client.post(url(world["plan"]), data={"body": BODY})
    assert response.status_code == (302 if status == 200 else status)
    assert len(_messages()) == (1 if status == 200 else 0)


@pytest.mark.parametrize(("method", "url"), [
    ("get", "/messages"), ("get", "/messages/{plan}"), ("post", "/messages/{plan}"),
    ("get", "/therapist/messages"), ("get", "/therapist/messages/{plan}"),
    ("post", "/therapist/messages/{plan}"),
])  # fmt: skip
def test_a_visitor_is_asked_to_log_in(client, world, method, url):
    response = getattr(client, method)(url.format(plan=world["plan"].id), data={"body": BODY})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _messages() == []


@pytest.mark.parametrize(("who", "url", "status"), [
    ("patient_a", "/messages", 200), ("therapist_a", "/messages", 403),
    ("desk", "/messages", 403), ("admin", "/messages", 403),
    ("therapist_a", "/therapist/messages", 200), ("patient_a", "/therapist/messages", 403),
    ("desk", "/therapist/messages", 403), ("admin", "/therapist/messages", 403),
])  # fmt: skip
def test_thread_lists_by_role(client, login_as, world, who, url, status):
    login_as(world[who])
    assert client.get(url).status_code == status


def test_the_patient_sends_and_the_therapist_is_emailed_without_the_content(
    client, login_as, world
):
    login_as(world["patient_a"])
    response = client.post(_patient_url(world["plan"]), data={"body": BODY})
    assert response.status_code == 302
    [message] = _messages()
    assert (message.sender_id, message.patient_id, message.body) == (
        world["patient_a"].id, world["patient_a"].id, BODY)  # fmt: skip
    [email] = emails_to(world["therapist_a"].email, "message_waiting")
    assert BODY not in email.body and BODY not in email.subject
    assert "bridge" not in (email.body + email.subject).lower()
    assert f"/therapist/messages/{world['plan'].id}" in email.body
    assert emails_to(world["colleague"].email) == []
    assert emails_to(world["patient_a"].email) == []


def test_the_therapist_replies_and_the_patient_is_emailed_without_the_content(
    client, login_as, world, send
):
    send(world["plan"], world["patient_a"])
    login_as(world["therapist_a"])
    reply = "Yes, keep the bridge but lower your hips halfway for now."
    assert client.post(_staff_url(world["plan"]), data={"body": reply}).status_code == 302
    [email] = emails_to(world["patient_a"].email, "message_waiting")
    assert reply not in email.body and "hips" not in email.body + email.subject
    assert f"/messages/{world['plan'].id}" in email.body
    assert "not for emergencies" in email.body and "112" in email.body
    # Replying reads what came before: the patient's message is no longer unread.
    assert all(message.read_at is not None for message in _messages() if message.from_patient)


def test_one_email_per_unread_burst(client, login_as, world):
    login_as(world["patient_a"])
    for text in ("First question.", "Second thought.", "Third, sorry!"):
        client.post(_patient_url(world["plan"]), data={"body": text})
    assert len(emails_to(world["therapist_a"].email, "message_waiting")) == 1
    client.post("/logout")
    login_as(world["therapist_a"])
    client.get(_staff_url(world["plan"]))  # reads the burst
    client.post("/logout")
    login_as(world["patient_a"])
    client.post(_patient_url(world["plan"]), data={"body": "One more, after you read them."})
    assert len(emails_to(world["therapist_a"].email, "message_waiting")) == 2


def test_a_therapist_treating_by_appointment_opens_the_thread_and_is_emailed_once_writing(
    client, login_as, make, world, send
):
    """The treating therapists are those scope.py's registry names (a plan or an appointment),
    not only the plan's own therapist."""
    from datetime import timedelta

    from portal.db_types import utcnow

    covering = make.therapist(world["plan"].centre, name="Dr. Farhan Ali")
    service = make.service("follow-up")
    make.appointment(world["patient_a"], covering, world["plan"].centre, service,
                     utcnow() + timedelta(days=2))  # fmt: skip
    login_as(covering)
    assert client.get(_staff_url(world["plan"])).status_code == 200
    client.post(_staff_url(world["plan"]), data={"body": "I am covering Thursday's session."})
    client.post("/logout")
    login_as(world["patient_a"])
    client.post(_patient_url(world["plan"]), data={"body": "Thank you, see you then."})
    assert len(emails_to(covering.email, "message_waiting")) == 1
    assert len(emails_to(world["therapist_a"].email, "message_waiting")) == 1


def test_staff_reads_are_audited_patient_reads_are_not(client, login_as, world, send):
    send(world["plan"], world["patient_a"])
    login_as(world["patient_a"])
    client.get(_patient_url(world["plan"]))
    client.get("/messages")
    client.post("/logout")
    login_as(world["therapist_a"])
    client.get(_staff_url(world["plan"]))
    client.get("/therapist/messages")
    client.post(_staff_url(world["plan"]), data={"body": "Noted, thank you."})
    db.session.expire_all()
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.patient_id)
        .where(AuditEvent.action.in_(["messages_viewed", "message_threads_listed",
                                      "message_sent"]))
        .order_by(AuditEvent.id)
    ).all()  # fmt: skip
    therapist, patient = world["therapist_a"].id, world["patient_a"].id
    assert events == [
        ("messages_viewed", therapist, patient),
        ("message_threads_listed", therapist, patient),
        ("messages_viewed", therapist, patient),
        ("message_sent", therapist, patient),
    ]


def test_a_refused_staff_read_is_not_audited_as_a_view(client, login_as, world, send):
    send(world["plan"], world["patient_a"])
    login_as(world["colleague"])
    client.get(_staff_url(world["plan"]))
    count = select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "messages_viewed")  # fmt: skip
    assert db.session.scalar(count) == 0


def test_the_inbox_lists_only_threads_of_patients_the_therapist_treats(
    client, login_as, world, send
):
    send(world["plan"], world["patient_a"], "Rohan's question")
    send(world["plan_b"], world["patient_b"], "Meera's question")
    login_as(world["therapist_a"])
    page = client.get("/therapist/messages").get_data(as_text=True)
    assert "Rohan Kulkarni" in page and "Rohan&#39;s question" in page
    assert "Meera" not in page


def test_bodies_are_plain_text(client, login_as, world):
    login_as(world["patient_a"])
    hostile = "<script>alert(1)</script> <b>bold</b>\nsecond line"
    client.post(_patient_url(world["plan"]), data={"body": hostile})
    page = client.get(_patient_url(world["plan"])).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;\nsecond line" in page  # line breaks kept (pre-wrap)


@pytest.mark.parametrize(("body", "error"), [
    ("", "Write your message first."),
    ("   \n  ", "Write your message first."),
    ("x" * (BODY_MAX_LENGTH + 1), f"Keep it under {BODY_MAX_LENGTH:,} characters"),
])  # fmt: skip
def test_a_refused_message_says_why_and_keeps_the_text(client, login_as, world, body, error):
    login_as(world["patient_a"])
    response = client.post(_patient_url(world["plan"]), data={"body": body})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert error in page
    if body.strip():
        assert body in page
    assert _messages() == []


def test_the_longest_message_fits(client, login_as, world):
    login_as(world["therapist_a"])
    body = "ಬೆನ್ನು" * (BODY_MAX_LENGTH // 6) + "x" * (BODY_MAX_LENGTH % 6)
    assert len(body) == BODY_MAX_LENGTH
    assert client.post(_staff_url(world["plan"]), data={"body": body}).status_code == 302
    assert _messages()[0].body == body


@pytest.mark.parametrize("status", [PlanStatus.COMPLETED, PlanStatus.CANCELLED])
@pytest.mark.parametrize(("who", "url"), [("patient_a", _patient_url),
                                          ("therapist_a", _staff_url)])  # fmt: skip
def test_an_ended_plans_thread_is_readable_but_closed(
    client, login_as, world, send, status, who, url
):
    send(world["plan"], world["patient_a"], BODY)
    world["plan"].status = status
    db.session.commit()
    login_as(world[who])
    page = client.get(url(world["plan"])).get_data(as_text=True)
    assert BODY in page and "Send message" not in page and "messages are closed" in page
    response = client.post(url(world["plan"]), data={"body": "Still there?"}, follow_redirects=True)
    assert "messages are closed" in response.get_data(as_text=True)
    assert len(_messages()) == 1


def test_the_patient_is_told_messages_are_not_for_emergencies(client, login_as, world):
    login_as(world["patient_a"])
    for url in ("/messages", _patient_url(world["plan"])):
        page = client.get(url).get_data(as_text=True)
        assert "Messages are not for emergencies." in page
        assert "/safety/symptoms" in page and 'href="tel:112"' in page


def test_the_patients_list_shows_each_plan_with_its_unread_count(
    client, login_as, make, world, send
):
    second = make.plan(world["patient_a"], world["colleague"], condition="Neck stiffness")
    send(world["plan"], world["therapist_a"], "Please try the bridge twice today.")
    send(world["plan"], world["therapist_a"], "And tell me how it went.")
    login_as(world["patient_a"])
    page = client.get("/messages").get_data(as_text=True)
    assert "2 new" in page and "Neck stiffness" in page and "No messages yet." in page
    assert f"/messages/{second.id}" in page
    assert "Please try the bridge" not in page  # the list shows the latest message only
    assert "And tell me how it went." in page


def test_a_long_thread_shows_its_latest_messages(client, login_as, world, send, monkeypatch):
    monkeypatch.setattr(services, "THREAD_LENGTH", 3)
    for n in range(5):
        send(world["plan"], world["patient_a"], f"Note number {n}")
    login_as(world["patient_a"])
    page = client.get(_patient_url(world["plan"])).get_data(as_text=True)
    assert [n for n in range(5) if f"Note number {n}" in page] == [2, 3, 4]
    assert page.index("Note number 2") < page.index("Note number 4")  # oldest first
