import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.booking.models import WaitlistEntry
from portal.contact.models import CallbackRequest
from portal.db_types import utcnow
from portal.extensions import db
from portal.messages.models import Message
from portal.privacy.erasure import carry_out_due_erasures
from portal.privacy.models import ErasureRequest, ErasureStatus
from portal.programs.models import PracticeLog, TreatmentPlan
from tests.factories import PASSWORD


def _log(patient, item, note):
    db.session.add(PracticeLog(patient_id=patient.id, item_id=item.id, note=note,
                               occurrence_date=utcnow().date(), occurrence_index=1,
                               pain_before=5, pain_after=3))  # fmt: skip
    db.session.commit()


def test_the_export_holds_my_data_and_nobody_elses(client, make, login_as, clinic, plan, items):
    other = make.patient(name="Bala Other", centre=clinic["centre"])
    other_plan = make.plan(other, clinic["therapist"], [make.item("GV4")],
                           condition="Someone else's sciatica")  # fmt: skip
    _log(clinic["patient"], items["BL23"], "mine")
    _log(other, other_plan.program.versions[0].items[0], "not mine")
    db.session.add_all(
        [
            Message(
                plan_id=plan.id,
                patient_id=clinic["patient"].id,
                sender_id=clinic["patient"].id,
                body="My question",
            ),
            Message(
                plan_id=other_plan.id,
                patient_id=other.id,
                sender_id=other.id,
                body="Not my question",
            ),
        ]
    )
    db.session.commit()
    login_as(clinic["patient"])
    response = client.get("/account/export.json")
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == clinic["patient"].email
    assert [p["condition"] for p in data["plans"]] == ["Low back pain"]
    assert [log["note"] for log in data["practice_logs"]] == ["mine"]
    assert [(m["from"], m["body"]) for m in data["messages"]] == [
        (clinic["patient"].name, "My question")
    ]
    text = response.get_data(as_text=True)
    assert "Bala Other" not in text and "not mine" not in text and "sciatica" not in text
    assert "Not my question" not in text
    summary = client.get("/account/export").get_data(as_text=True)
    assert "Low back pain" in summary and "sciatica" not in summary
    assert (
        len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()) == 2
    )


def test_erasure_needs_confirmation_and_can_be_withdrawn(client, make, login_as, clinic):
    login_as(clinic["patient"])
    refused = client.post("/account/erase", data={"password": PASSWORD})
    assert refused.status_code == 422
    wrong = client.post("/account/erase", data={"understood": "y", "password": "nope nope"})
    assert wrong.status_code == 422
    client.post("/account/erase", data={"understood": "y", "password": PASSWORD})
    [erasure] = db.session.scalars(select(ErasureRequest)).all()
    assert erasure.due_at - erasure.requested_at == timedelta(hours=48)
    assert "I changed my mind" in client.get("/account/privacy").get_data(as_text=True)
    client.post("/account/erase/withdraw")
    db.session.refresh(erasure)
    assert erasure.status is ErasureStatus.WITHDRAWN
    assert carry_out_due_erasures(utcnow() + timedelta(days=3)) == 0


def test_erasure_after_notice_keeps_clinical_records_and_removes_the_rest(
    client, make, login_as, clinic, plan, items
):
    patient = clinic["patient"]
    _log(patient, items["BL23"], "felt better")
    make.callback(clinic["centre"].city, name=patient.name, requested_by_id=patient.id)
    db.session.add(WaitlistEntry(patient_id=patient.id, centre_id=clinic["centre"].id,
                                 service_id=make.service().id, earliest_date=utcnow().date(),
                                 latest_date=utcnow().date()))  # fmt: skip
    db.session.commit()
    login_as(patient)
    client.post("/account/erase", data={"understood": "y", "password": PASSWORD})
    assert carry_out_due_erasures(utcnow() + timedelta(hours=47)) == 0  # notice not over
    assert carry_out_due_erasures(utcnow() + timedelta(hours=49)) == 1
    erased = db.session.get(User, patient.id)
    assert erased.name == f"Erased patient {patient.id}"
    assert erased.email.endswith("@erased.invalid")
    assert erased.phone is None
    assert not erased.active
    assert db.session.scalars(select(WaitlistEntry)).all() == []
    [callback] = db.session.scalars(select(CallbackRequest)).all()
    assert callback.name == "Erased" and callback.requested_by_id is None
    assert db.session.scalars(select(PracticeLog)).all() != []  # clinical record kept
    assert db.session.get(TreatmentPlan, plan.id) is not None
    assert client.get("/today").status_code == 302  # the session is over


def test_admins_see_erasure_requests(client, make, login_as, clinic):
    login_as(clinic["patient"])
    client.post("/account/erase", data={"understood": "y", "password": PASSWORD})
    client.post("/logout")
    login_as(make.admin())
    html = client.get("/admin/erasure-requests").get_data(as_text=True)
    assert f"Patient {clinic['patient'].id}" in html
    assert "requested" in html


def test_the_export_shows_local_times_and_item_names(client, make, login_as, clinic, plan, items):
    patient = clinic["patient"]
    late_evening_utc = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)  # 1:30 am next day in Bengaluru
    db.session.add(PracticeLog(patient_id=patient.id, item_id=items["BL23"].id,
                               occurrence_date=date(2026, 12, 2), occurrence_index=1,
                               completed_at=late_evening_utc, pain_before=5,
                               pain_after=3))  # fmt: skip
    db.session.commit()
    service = make.service("follow-up")
    make.appointment(patient, clinic["therapist"], clinic["centre"], service,
                     datetime(2026, 12, 3, 4, 30, tzinfo=UTC))  # fmt: skip
    login_as(patient)
    data = client.get("/account/export.json").get_json(force=True)
    assert data["times_in"] == "Bengaluru time (Asia/Kolkata)"
    [log] = data["practice_logs"]
    assert log["item"] == "BL23 Shenshu"
    assert log["completed_at"] == "2026-12-02T01:30:00+05:30"
    assert data["appointments"][0]["starts_at"] == "2026-12-03T10:00:00+05:30"
    summary = client.get("/account/export").get_data(as_text=True)
    assert "Wed 2 Dec 2026, 1:30 am: BL23 Shenshu" in summary
    assert "Thu 3 Dec 2026, 10:00 am" in summary
    assert "UTC" not in summary
    assert "+91 98450 12345" in summary and "+919845012345" not in summary
