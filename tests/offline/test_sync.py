"""The sync of practice done offline: every entry answered on its own, and a retried entry
never logs a session twice nor raises a second flag (on SQLite and on PostgreSQL: run with
DATABASE_URL to check the latter)."""

import json
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.app import create_app
from portal.extensions import db
from portal.offline.entries import MAX_ENTRIES
from portal.programs.models import PracticeLog
from portal.safety.models import FlagKind, SafetyFlag
from portal.safety.rules import Pregnancy
from portal.safety.services import acknowledge_flag
from tests.concurrency.racing import Attempt, InProcessClient, race
from tests.conftest import TEST_SETTINGS
from tests.factories import PASSWORD


def practice(item, day, index=1, **answers):
    values = {"pain_before": "6", "pain_after": "3", "note": "Easier after.", **answers}
    return {
        "key": f"practice:{item.id}:{day.isoformat()}:{index}",
        "kind": "practice",
        "item_id": item.id,
        "occurrence_date": day.isoformat(),
        "occurrence_index": index,
        **values,
    }


def stop(item, day, stop_id=None):
    stop_id = stop_id or str(uuid.uuid4())
    return {
        "key": f"stop:{stop_id}",
        "kind": "stop",
        "id": stop_id,
        "item_id": item.id,
        "occurrence_date": day.isoformat(),
    }


def send(client, *entries):
    response = client.post("/offline/sync", json={"entries": list(entries)})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [(answer["status"], answer.get("reason")) for answer in response.json["results"]]


def logs():
    db.session.rollback()  # see what the requests wrote
    return db.session.scalars(select(PracticeLog).order_by(PracticeLog.id)).all()


def flags():
    db.session.rollback()
    return db.session.scalars(select(SafetyFlag).order_by(SafetyFlag.id)).all()


def test_a_queued_session_is_logged_as_the_form_would(client, login_as, clinic, items, today):
    login_as(clinic["patient"])
    assert send(client, practice(items["BL23"], today, 2)) == [("saved", None)]
    [log] = logs()
    assert (log.item_id, log.occurrence_date, log.occurrence_index) == (items["BL23"].id, today, 2)
    assert (log.pain_before, log.pain_after, log.note) == (6, 3, "Easier after.")
    assert "Done · pain 6 → 3" in client.get("/today").get_data(as_text=True)


def test_the_same_session_sent_twice_is_one_log(client, login_as, clinic, items, today):
    login_as(clinic["patient"])
    entry = practice(items["GV4"], today)
    assert send(client, entry) == [("saved", None)]
    assert send(client, entry) == [("already_saved", None)]
    assert send(client, entry, entry) == [("already_saved", None)] * 2
    assert len(logs()) == 1


def test_a_session_logged_online_before_is_already_saved(client, login_as, clinic, items, today):
    login_as(clinic["patient"])
    client.post(f"/today/practice/{items['GV4'].id}", data={"pain_before": "2", "pain_after": "1"})
    assert send(client, practice(items["GV4"], today)) == [("already_saved", None)]
    [log] = logs()
    assert (log.pain_before, log.pain_after) == (2, 1)  # the first answer stands


def test_the_same_stop_sent_twice_is_one_flag(client, login_as, clinic, items, today):
    login_as(clinic["patient"])
    entry = stop(items["BL23"], today)
    assert send(client, entry) == [("saved", None)]
    assert send(client, entry) == [("already_saved", None)]
    [flag] = flags()
    assert flag.kind is FlagKind.SHARP_PAIN
    assert flag.item_id == items["BL23"].id
    assert flag.client_id == uuid.UUID(entry["id"])
    assert flag.details.startswith("Stopped BL23 Shenshu because of sharp pain (")
    assert "Sent from the phone when it was back online." in flag.details
    assert "Stopped after sharp pain" in client.get("/today").get_data(as_text=True)


def test_a_stop_sent_again_after_the_therapist_acknowledged_it_is_still_one_flag(
    client, login_as, clinic, items, today
):
    """Only the phone's id can tell: once acknowledged, the technique is no longer stopped."""
    login_as(clinic["patient"])
    entry = stop(items["BL23"], today)
    send(client, entry)
    [flag] = flags()
    acknowledge_flag(flag, clinic["therapist"], "Called the patient")
    db.session.commit()
    assert send(client, entry) == [("already_saved", None)]
    assert len(flags()) == 1
    # A new stop (a new id) of the same technique is a new flag.
    assert send(client, stop(items["BL23"], today)) == [("saved", None)]
    assert len(flags()) == 2


def test_a_second_stop_of_a_stopped_technique_raises_no_second_flag(
    client, login_as, clinic, items, today
):
    login_as(clinic["patient"])
    client.post(f"/today/practice/{items['BL23'].id}/stop", data={})
    assert send(client, stop(items["BL23"], today)) == [("already_saved", None)]
    assert len(flags()) == 1


def test_sessions_before_a_stop_are_logged_and_after_it_refused(
    client, login_as, clinic, items, today
):
    login_as(clinic["patient"])
    before, after = practice(items["BL23"], today, 1), practice(items["BL23"], today, 2)
    entries = [before, stop(items["BL23"], today), after, practice(items["GV4"], today)]
    assert send(client, *entries) == [
        ("saved", None),
        ("saved", None),
        ("refused", "stopped"),
        ("saved", None),
    ]
    assert [(log.item_id, log.occurrence_index) for log in logs()] == [
        (items["BL23"].id, 1),
        (items["GV4"].id, 1),
    ]
    # The whole queue again, as after an answer lost on the way: nothing new, and the session
    # saved before the stop is answered as saved, not refused.
    assert send(client, *entries)[:2] == [("already_saved", None), ("already_saved", None)]
    assert len(logs()) == 2
    assert len(flags()) == 1


def test_another_patients_item_is_refused(client, make, login_as, clinic, items, today):
    login_as(make.patient(centre=clinic["centre"]))
    answers = send(client, practice(items["BL23"], today), stop(items["BL23"], today))
    assert answers == [("refused", "not_found"), ("refused", "not_found")]
    assert logs() == []
    assert flags() == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"pain_before": "11"}, "invalid"),
        ({"pain_after": ""}, "invalid"),
        ({"pain_before": "x"}, "invalid"),
        ({"note": "x" * 1001}, "invalid"),
        ({"occurrence_index": 3}, "not_found"),  # BL23 is twice a day
        ({"occurrence_index": "1"}, "unreadable"),
        ({"occurrence_date": "yesterday"}, "unreadable"),
        ({"item_id": True}, "unreadable"),
        ({"kind": "log"}, "unreadable"),
    ],
)
def test_a_bad_value_refuses_its_entry_only(client, login_as, clinic, items, today, change, reason):
    login_as(clinic["patient"])
    bad = {**practice(items["BL23"], today), **change}
    good = practice(items["GV4"], today)
    assert send(client, bad, good) == [("refused", reason), ("saved", None)]
    assert [log.item_id for log in logs()] == [items["GV4"].id]


def test_a_refusal_says_why_in_words(client, login_as, clinic, items, today):
    login_as(clinic["patient"])
    entry = practice(items["BL23"], today, pain_after="")
    response = client.post("/offline/sync", json={"entries": [entry]})
    [answer] = response.json["results"]
    assert answer == {
        "key": entry["key"],
        "status": "refused",
        "reason": "invalid",
        "message": "Tap a number from 0 (no pain) to 10 (worst pain).",
    }


def test_a_stop_with_a_made_up_id_is_refused(client, login_as, clinic, items, today):
    login_as(clinic["patient"])
    assert send(client, stop(items["BL23"], today, "not-a-uuid")) == [("refused", "unreadable")]
    assert flags() == []


def test_a_day_too_far_back_is_refused_for_a_session(client, make, login_as, clinic, today):
    start = today - timedelta(days=10)
    plan = make.plan(clinic["patient"], clinic["therapist"], [make.item("GV4")], start=start)
    item = plan.program.versions[-1].items[0]
    login_as(clinic["patient"])
    assert send(client, practice(item, today - timedelta(days=8))) == [("refused", "too_old")]
    assert send(client, practice(item, today + timedelta(days=1))) == [("refused", "too_old")]
    assert send(client, practice(item, today - timedelta(days=7))) == [("saved", None)]


def test_a_stop_from_a_phone_offline_for_over_a_week_still_reaches_the_therapist(
    client, make, login_as, clinic, today
):
    start = today - timedelta(days=10)
    plan = make.plan(clinic["patient"], clinic["therapist"], [make.item("GV4")], start=start)
    item = plan.program.versions[-1].items[0]
    login_as(clinic["patient"])
    assert send(client, stop(item, today - timedelta(days=9))) == [("saved", None)]
    [flag] = flags()
    assert flag.item_id == item.id


def test_a_point_locked_by_the_screening_is_refused(client, make, login_as, clinic, today):
    patient = make.patient(centre=clinic["centre"])
    make.screening(patient, pregnancy=Pregnancy.YES)
    plan = make.plan(patient, clinic["therapist"], [make.item("BL60")])
    login_as(patient)
    entry = practice(plan.program.versions[-1].items[0], today)
    response = client.post("/offline/sync", json={"entries": [entry]})
    [answer] = response.json["results"]
    assert (answer["status"], answer["reason"]) == ("refused", "blocked")
    assert "pregnancy" in answer["message"]
    assert logs() == []


@pytest.mark.parametrize(
    "body",
    [
        {"entries": "everything"},
        {"entries": [{}] * (MAX_ENTRIES + 1)},
        ["not", "an", "object"],
    ],
)
def test_a_body_that_is_not_a_list_of_entries_is_refused_whole(client, login_as, clinic, body):
    login_as(clinic["patient"])
    assert client.post("/offline/sync", json=body).status_code == 400


def test_an_entry_that_is_not_an_object_is_refused_alone(client, login_as, clinic, items, today):
    login_as(clinic["patient"])
    assert send(client, "hello", practice(items["GV4"], today)) == [
        ("refused", "unreadable"),
        ("saved", None),
    ]


@pytest.mark.parametrize("role", ["therapist", "desk", "admin"])
def test_staff_may_not_sync(client, make, login_as, clinic, items, today, role):
    staff = clinic["therapist"] if role == "therapist" else getattr(make, role)()
    login_as(staff)
    response = client.post("/offline/sync", json={"entries": [practice(items["GV4"], today)]})
    assert response.status_code == 403
    assert client.get("/offline/token").status_code == 403
    assert logs() == []


def test_a_visitor_is_sent_to_log_in(client, items, today):
    response = client.post("/offline/sync", json={"entries": [practice(items["GV4"], today)]})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert logs() == []


def test_the_same_stop_sent_at_once_from_two_tabs_is_one_flag(app, clinic, items, today):
    """Retries that cross on the way: the lock and the unique (patient, id) keep it one."""
    body = {"entries": [stop(items["BL23"], today)]}
    attempt = Attempt("/offline/sync", login=clinic["patient"].email, json_body=body)
    outcomes = race(lambda: InProcessClient(app), [attempt] * 4)
    assert [outcome.status for outcome in outcomes] == [200] * 4
    statuses = sorted(json.loads(outcome.body)["results"][0]["status"] for outcome in outcomes)
    assert statuses == ["already_saved"] * 3 + ["saved"]
    assert len(flags()) == 1


# CSRF: on in an app of its own (the other tests switch it off).


@pytest.fixture
def csrf_client(database_url, outbox_dir):
    app = create_app(
        {**TEST_SETTINGS, "WTF_CSRF_ENABLED": True, "SQLALCHEMY_DATABASE_URI": database_url,
         "MAIL_OUTBOX_DIR": outbox_dir}
    )  # fmt: skip
    return app.test_client()


def _log_in_with_token(client, user) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {"email": user.email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302


def test_the_sync_needs_a_csrf_token_in_its_header(csrf_client, clinic, items, today):
    _log_in_with_token(csrf_client, clinic["patient"])
    body = {"entries": [practice(items["GV4"], today)]}
    assert csrf_client.post("/offline/sync", json=body).status_code == 400
    wrong = {"X-CSRFToken": "made-up"}
    assert csrf_client.post("/offline/sync", json=body, headers=wrong).status_code == 400
    assert logs() == []

    token = csrf_client.get("/offline/token").json["csrf_token"]
    response = csrf_client.post("/offline/sync", json=body, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert response.json["results"][0]["status"] == "saved"
    assert len(logs()) == 1
