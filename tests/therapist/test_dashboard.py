from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.programs.models import PracticeLog
from portal.safety.models import FlagKind, SafetyFlag


def _practise(patient, item, day, before, after=2):
    db.session.add(
        PracticeLog(
            patient_id=patient.id,
            item_id=item.id,
            occurrence_date=day,
            occurrence_index=1,
            pain_before=before,
            pain_after=after,
        )  # fmt: skip
    )
    db.session.commit()


def _flag(patient, kind=FlagKind.SHARP_PAIN):
    flag = SafetyFlag(patient_id=patient.id, kind=kind, details="Stopped BL23 (sharp pain).")
    db.session.add(flag)
    db.session.commit()
    return flag


def test_patients_are_sorted_by_who_needs_attention(client, make, login_as, clinic, today):
    therapist, centre = clinic["therapist"], clinic["centre"]
    start = today - timedelta(days=6)
    people = {
        name: make.patient(name=name, centre=centre)
        for name in ("Asha On-Track", "Bala Flagged", "Chitra Rising", "Dev Quiet")
    }
    for name, patient in people.items():
        plan = make.plan(patient, therapist, [make.item("GV4")], start)
        item = plan.program.versions[0].items[0]
        if name != "Dev Quiet":
            for back in range(7):
                pain = 3 + (6 - back) // 2 if name == "Chitra Rising" else 3
                _practise(patient, item, today - timedelta(days=back), pain)
    _flag(people["Bala Flagged"])
    login_as(therapist)
    html = client.get("/therapist/").get_data(as_text=True)
    order = [html.index(name) for name in
             ("Bala Flagged", "Chitra Rising", "Dev Quiet", "Asha On-Track")]  # fmt: skip
    assert order == sorted(order)
    assert "1 open safety flag" in html
    assert "Pain up from 3 to 6 this week" in html
    assert "No practice logged yet" in html
    assert "On track: 100% in the last 7 days" in html


def test_a_flag_is_acknowledged_with_a_note(client, login_as, clinic, plan):
    flag = _flag(clinic["patient"])
    login_as(clinic["therapist"])
    url = f"/therapist/flags/{flag.id}/acknowledge"
    refused = client.post(url, data={"note": ""}, follow_redirects=True)
    assert "Write a short note" in refused.get_data(as_text=True)
    db.session.refresh(flag)
    assert flag.acknowledged_at is None
    client.post(url, data={"note": "Called Rohan; reduced the hold to 60 s."})
    db.session.refresh(flag)
    assert flag.acknowledged_by_id == clinic["therapist"].id
    assert flag.acknowledgement_note == "Called Rohan; reduced the hold to 60 s."
    page = client.get(f"/therapist/patients/{clinic['patient'].id}").get_data(as_text=True)
    assert "Acknowledged by Dr. Arjun Hegde" in page
    assert "1 open safety flag" not in client.get("/therapist/").get_data(as_text=True)


def test_another_centres_flag_is_not_found(client, make, login_as, clinic):
    stranger = make.patient(centre=make.centre(make.city("Hyderabad"), slug="hyd-y"))
    flag = _flag(stranger)
    login_as(clinic["therapist"])
    assert (
        client.post(f"/therapist/flags/{flag.id}/acknowledge", data={"note": "x"}).status_code
        == 404
    )
    assert client.post("/therapist/flags/99999/acknowledge", data={"note": "x"}).status_code == 404
    assert db.session.scalar(select(SafetyFlag.acknowledged_at)) is None
