import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.safety.models import FlagKind, SafetyFlag, SafetyScreening
from portal.safety.rules import Pregnancy

CALM = {"pregnancy": "no", "high_blood_pressure": "no", "skin_problems": "no"}


def _flags():
    return db.session.scalars(select(SafetyFlag)).all()


def test_screening_is_saved_and_calm_answers_raise_no_flag(client, make, login_as):
    patient = login_as(make.patient())
    response = client.post("/safety/screening", data=CALM)
    assert response.headers["Location"] == "/safety/screening/saved"
    screening = db.session.get(SafetyScreening, patient.id)
    assert screening.pregnancy is Pregnancy.NO
    assert not screening.high_blood_pressure
    assert _flags() == []


@pytest.mark.parametrize(
    ("answers", "mentions"),
    [
        ({"pregnancy": "yes"}, "pregnant"),
        ({"pregnancy": "not_sure"}, "not sure whether pregnant"),
        ({"high_blood_pressure": "yes"}, "high blood pressure"),
        ({"skin_problems": "yes"}, "open wounds, varicose veins or inflamed skin"),
    ],
)
def test_concerning_answers_reach_the_therapist(client, make, login_as, answers, mentions):
    login_as(make.patient())
    client.post("/safety/screening", data={**CALM, **answers})
    [flag] = _flags()
    assert flag.kind is FlagKind.SCREENING
    assert mentions in flag.details


def test_answers_can_be_changed_later_and_are_prefilled(client, make, login_as):
    patient = login_as(make.patient())
    client.post("/safety/screening", data={**CALM, "pregnancy": "yes"})
    html = client.get("/safety/screening").get_data(as_text=True)
    assert "You last answered on" in html
    assert (
        'checked id="pregnancy-1"' in html
        or 'id="pregnancy-1" checked' in html
        or ('checked class="form-check-input" id="pregnancy-1"' in html)
    )
    client.post("/safety/screening", data=CALM)
    assert db.session.get(SafetyScreening, patient.id).pregnancy is Pregnancy.NO


def test_an_unanswered_question_is_refused(client, make, login_as):
    patient = login_as(make.patient())
    response = client.post("/safety/screening", data={"pregnancy": "no"})
    assert response.status_code == 422
    assert "Please answer yes or no." in response.get_data(as_text=True)
    assert db.session.get(SafetyScreening, patient.id) is None


def test_a_nonsense_answer_is_refused(client, make, login_as):
    login_as(make.patient())
    assert client.post("/safety/screening", data={**CALM, "pregnancy": "maybe"}).status_code == 422


def test_a_red_flag_sends_to_urgent_care_and_alerts_the_therapist(client, make, login_as):
    patient = login_as(make.patient())
    response = client.post("/safety/symptoms", data={"saddle_numbness": "y", "fever": "y"})
    assert response.headers["Location"] == "/safety/urgent"
    [flag] = _flags()
    assert flag.kind is FlagKind.RED_FLAG
    assert flag.patient_id == patient.id
    assert "numbness or tingling around your groin" in flag.details
    urgent = client.get("/safety/urgent").get_data(as_text=True)
    assert "Please get urgent medical care now" in urgent
    assert "112" in urgent
    assert "diagnos" not in urgent.lower()


def test_no_red_flags_raise_nothing(client, make, login_as):
    login_as(make.patient())
    response = client.post("/safety/symptoms", data={})
    assert response.headers["Location"] == "/safety/symptoms/none"
    assert _flags() == []


@pytest.mark.parametrize(
    "url", ["/safety/screening", "/safety/symptoms", "/safety/urgent", "/safety/stopped"]
)
def test_safety_pages_are_for_patients(client, make, login_as, url):
    assert client.get(url).status_code == 302  # visitors log in first
    login_as(make.desk())
    assert client.get(url).status_code == 403
