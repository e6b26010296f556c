from datetime import timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.programs.models import PracticeLog
from portal.safety.models import FlagKind, SafetyFlag
from portal.safety.rules import Pregnancy

PAIN = {"pain_before": "6", "pain_after": "3", "note": "Felt easier after."}


def _logs():
    return db.session.scalars(select(PracticeLog)).all()


def test_completing_an_occurrence_logs_pain_once(client, login_as, clinic, items, today):
    login_as(clinic["patient"])
    url = f"/today/practice/{items['BL23'].id}?n=2"
    assert client.get(url).status_code == 200
    response = client.post(url, data=PAIN)
    assert response.status_code == 302
    [log] = _logs()
    assert (log.occurrence_date, log.occurrence_index) == (today, 2)
    assert (log.pain_before, log.pain_after, log.note) == (6, 3, "Felt easier after.")
    again = client.post(url, data=PAIN, follow_redirects=True)
    assert "That was already logged." in again.get_data(as_text=True)
    assert len(_logs()) == 1
    html = client.get("/today").get_data(as_text=True)
    assert "1 of 4 done" in html
    assert "Done · pain 6 → 3" in html


def test_pain_must_be_0_to_10_and_nothing_is_saved_otherwise(client, login_as, clinic, items):
    login_as(clinic["patient"])
    url = f"/today/practice/{items['GV4'].id}"
    for bad in ({"pain_after": "3"}, {**PAIN, "pain_before": "11"}, {**PAIN, "pain_after": "x"}):
        response = client.post(url, data=bad)
        assert response.status_code == 422
    assert "Tap a number from 0 (no pain) to 10" in response.get_data(as_text=True)
    assert _logs() == []


def test_back_filled_practice_is_logged_on_its_day(client, login_as, clinic, make, today):
    start = today - timedelta(days=5)
    plan = make.plan(clinic["patient"], clinic["therapist"], [make.item("GV4")], start=start)
    item = plan.program.versions[-1].items[0]
    login_as(clinic["patient"])
    day = (today - timedelta(days=3)).isoformat()
    client.post(f"/today/practice/{item.id}", data={**PAIN, "occurrence_date": day})
    [log] = _logs()
    assert log.occurrence_date.isoformat() == day


def test_a_day_before_the_plan_or_too_far_back_is_not_found(client, login_as, clinic, items, today):
    login_as(clinic["patient"])
    url = f"/today/practice/{items['GV4'].id}"
    yesterday = (today - timedelta(days=1)).isoformat()  # the plan starts today
    assert client.post(url, data={**PAIN, "occurrence_date": yesterday}).status_code == 404
    too_old = (today - timedelta(days=8)).isoformat()
    assert client.post(url, data={**PAIN, "occurrence_date": too_old}).status_code == 404
    assert _logs() == []


def test_an_occurrence_beyond_times_per_day_is_not_found(client, login_as, clinic, items):
    login_as(clinic["patient"])
    assert client.get(f"/today/practice/{items['BL23'].id}?n=3").status_code == 404
    assert client.get(f"/today/practice/{items['BL23'].id}?n=zero").status_code == 404
    assert client.get(f"/today/practice/{items['BL23'].id}?n=¹").status_code == 404


def test_another_patients_item_is_not_found(client, make, login_as, clinic, items):
    login_as(make.patient(centre=clinic["centre"]))
    assert client.get(f"/today/practice/{items['BL23'].id}").status_code == 404
    assert client.post(f"/today/practice/{items['BL23'].id}", data=PAIN).status_code == 404
    assert _logs() == []


def test_pregnancy_blocks_bl60_but_not_other_points(client, make, login_as, clinic):
    patient = make.patient(centre=clinic["centre"])
    make.screening(patient, pregnancy=Pregnancy.NOT_SURE)
    plan = make.plan(patient, clinic["therapist"], [make.item("BL60"), make.item("BL23")])
    by_code = {item.technique.code: item for item in plan.program.versions[-1].items}
    login_as(patient)
    blocked = client.get(f"/today/practice/{by_code['BL60'].id}")
    assert blocked.status_code == 403
    assert "traditionally avoided in pregnancy" in blocked.get_data(as_text=True)
    assert client.post(f"/today/practice/{by_code['BL60'].id}", data=PAIN).status_code == 403
    assert client.get(f"/today/practice/{by_code['BL23'].id}").status_code == 200
    today_html = client.get("/today").get_data(as_text=True)
    assert f"/today/practice/{by_code['BL60'].id}" not in today_html
    assert _logs() == []


def test_high_blood_pressure_waits_for_the_therapist(client, make, login_as, clinic):
    patient = make.patient(centre=clinic["centre"])
    make.screening(patient, high_blood_pressure=True)
    plan = make.plan(patient, clinic["therapist"], [make.item("BL23")])
    login_as(patient)
    item = plan.program.versions[-1].items[0]
    assert client.get(f"/today/practice/{item.id}").status_code == 403
    confirmed = (
        make.plan(patient, clinic["therapist"], [make.item("BL23", safety_confirmed=True)])
        .program.versions[-1]
        .items[0]
    )
    assert client.get(f"/today/practice/{confirmed.id}").status_code == 200


def test_exercises_need_no_screening(client, make, login_as, clinic):
    patient = make.patient(centre=clinic["centre"])
    plan = make.plan(patient, clinic["therapist"], [make.item("BL23"), make.item("BRIDGE")])
    by_code = {item.technique.code: item for item in plan.program.versions[-1].items}
    login_as(patient)
    assert client.get(f"/today/practice/{by_code['BL23'].id}").status_code == 403
    assert client.get(f"/today/practice/{by_code['BRIDGE'].id}").status_code == 200


def test_sharp_pain_stop_raises_a_flag_and_says_what_to_do(client, login_as, clinic, items):
    login_as(clinic["patient"])
    response = client.post(f"/today/practice/{items['BL23'].id}/stop", data={})
    assert response.headers["Location"] == "/safety/stopped"
    [flag] = db.session.scalars(select(SafetyFlag)).all()
    assert flag.kind is FlagKind.SHARP_PAIN
    assert flag.item_id == items["BL23"].id
    assert flag.patient_id == clinic["patient"].id
    assert "BL23 Shenshu" in flag.details
    advice = client.get("/safety/stopped").get_data(as_text=True)
    assert "Your therapist has been told" in advice
    assert _logs() == []


def test_another_patient_cannot_raise_a_flag_on_my_item(client, make, login_as, clinic, items):
    login_as(make.patient(centre=clinic["centre"]))
    assert client.post(f"/today/practice/{items['BL23'].id}/stop").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(SafetyFlag)) == 0
