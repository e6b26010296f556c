"""The patient answers the Oswestry questionnaire; /progress says when it is due and charts it."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.extensions import db
from portal.outcomes.models import OdiResponse
from portal.outcomes.odi import SECTION_KEYS
from portal.outcomes.services import record_odi
from portal.programs.models import PlanStatus

ALL_ONE = dict.fromkeys(SECTION_KEYS, "1")


def _responses(patient):
    return db.session.scalars(select(OdiResponse).where(OdiResponse.patient_id == patient.id)).all()


def test_the_questionnaire_is_due_at_the_start_of_a_plan(client, login_as, clinic, plan):
    login_as(clinic["patient"])
    html = client.get("/progress").get_data(as_text=True)
    assert "Questionnaire due:" in html
    assert 'href="/progress/odi"' in html


def test_no_plan_no_questionnaire_due(client, login_as, clinic):
    login_as(clinic["patient"])
    assert "Questionnaire due:" not in client.get("/progress").get_data(as_text=True)


def test_the_page_has_ten_labelled_groups_of_six_and_a_skip_for_sex_life(client, login_as, clinic):
    login_as(clinic["patient"])
    html = client.get("/progress/odi").get_data(as_text=True)
    assert html.count("<fieldset") == 10
    assert html.count('type="radio"') == 10 * 6 + 1
    assert 'value="skip"' in html and 'name="sex_life"' in html
    assert "Right now my pain is very mild." in html


def test_answers_are_saved_scored_and_shown_on_progress(client, login_as, clinic, plan, today):
    patient = login_as(clinic["patient"])
    response = client.post("/progress/odi", data={**ALL_ONE, "sex_life": "skip"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/progress#outcomes")
    [saved] = _responses(patient)
    assert saved.taken_on == today
    assert saved.sex_life is None and saved.walking == 1
    page = client.get("/progress").get_data(as_text=True)
    assert "Saved: your score is 20 %." in page  # 9 of 45, the skipped section left out
    assert "Questionnaire due:" not in page
    assert "Oswestry Disability Index" in page
    assert "the starting point. A 10-point change will count as real (Ostelo et al." in page


def test_a_missed_section_is_refused_next_to_it_and_the_answers_kept(client, login_as, clinic):
    patient = login_as(clinic["patient"])
    answers = {**ALL_ONE, "lifting": "3"}
    del answers["walking"]
    response = client.post("/progress/odi", data=answers)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="walking-error"' in html
    assert "Choose the sentence closest to how you are today." in html
    assert '<input checked class="form-check-input" id="lifting-3"' in html  # kept
    assert _responses(patient) == []


@pytest.mark.parametrize("blank", [None, "", " \r\n\t", "skip"])
def test_sex_life_may_be_left_blank(client, login_as, clinic, blank):
    patient = login_as(clinic["patient"])
    answers = {key: value for key, value in ALL_ONE.items() if key != "sex_life"}
    if blank is not None:
        answers["sex_life"] = blank  # whitespace too: found by tests/test_fuzz_forms.py
    assert client.post("/progress/odi", data=answers).status_code == 302
    assert _responses(patient)[0].sex_life is None


@pytest.mark.parametrize("bad", ["6", "-1", "x", "skip"])
def test_a_statement_that_is_not_offered_is_refused(client, login_as, clinic, bad):
    login_as(clinic["patient"])
    assert client.post("/progress/odi", data={**ALL_ONE, "sitting": bad}).status_code == 422


def test_answering_twice_the_same_day_replaces_the_first(client, login_as, clinic):
    patient = login_as(clinic["patient"])
    client.post("/progress/odi", data=ALL_ONE)
    client.post("/progress/odi", data={**ALL_ONE, "sleeping": "4"})
    [saved] = _responses(patient)
    assert saved.sleeping == 4


def test_progress_says_whether_the_change_is_clinically_important(
    client, make, login_as, clinic, today
):
    patient = clinic["patient"]
    start = today - timedelta(weeks=4)
    make.plan(patient, clinic["therapist"], [make.item("GV4")], start)
    record_odi(patient.id, start, dict.fromkeys(SECTION_KEYS, 2))  # 40 %
    record_odi(patient.id, today, dict.fromkeys(SECTION_KEYS, 1))  # 20 %
    db.session.commit()
    login_as(patient)
    html = client.get("/progress").get_data(as_text=True)
    assert (
        "20 points better since the start (40 → 20). That reaches the 10-point change that "
        "counts as a real improvement (Ostelo et al., Spine 2008)."
    ) in html.replace("&amp;", "&")
    chart = html.split('<figure class="chart mb-2" aria-describedby="outcome-odi-table">')[1]
    assert chart.lstrip().startswith("<svg")


def test_the_therapist_record_charts_the_measures(client, make, login_as, clinic, today):
    patient = clinic["patient"]
    make.plan(patient, clinic["therapist"], [make.item("GV4")], today - timedelta(weeks=4))
    record_odi(patient.id, today - timedelta(weeks=4), dict.fromkeys(SECTION_KEYS, 2))
    record_odi(patient.id, today, dict.fromkeys(SECTION_KEYS, 3))
    db.session.commit()
    login_as(clinic["therapist"])
    html = client.get(f"/therapist/patients/{patient.id}").get_data(as_text=True)
    assert "Outcome measures over time" in html
    assert "20 points worse since the start (40 → 60)" in html
    assert "real worsening (Ostelo et al., Spine 2008)" in html


@pytest.mark.parametrize("role", [Role.THERAPIST, Role.DESK, Role.ADMIN])
def test_staff_do_not_answer_the_questionnaire(client, make, login_as, clinic, role):
    fields = {"city": clinic["centre"].city} if role is Role.DESK else {}
    if role is Role.THERAPIST:
        fields = {"centre": clinic["centre"]}
    login_as(make.user(role, **fields))
    assert client.get("/progress/odi").status_code == 403
    assert client.post("/progress/odi", data=ALL_ONE).status_code == 403
    assert db.session.scalar(select(OdiResponse.id)) is None


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get("/progress/odi")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.post("/progress/odi", data=ALL_ONE).status_code == 302


def test_the_start_is_the_current_courses_not_an_earlier_ones(
    client, make, login_as, clinic, today
):
    patient = clinic["patient"]
    earlier = make.plan(
        patient, clinic["therapist"], [make.item("GV4")], today - timedelta(weeks=30)
    )
    earlier.status = PlanStatus.COMPLETED
    record_odi(patient.id, today - timedelta(weeks=30), dict.fromkeys(SECTION_KEYS, 4))  # 80 %
    start = today - timedelta(weeks=4)
    make.plan(patient, clinic["therapist"], [make.item("BL23")], start)
    record_odi(patient.id, start, dict.fromkeys(SECTION_KEYS, 2))
    record_odi(patient.id, today, dict.fromkeys(SECTION_KEYS, 1))
    db.session.commit()
    login_as(patient)
    assert "since the start (40 → 20)" in client.get("/progress").get_data(as_text=True)
    client.post("/logout")
    login_as(clinic["therapist"])
    page = client.get(f"/therapist/patients/{patient.id}").get_data(as_text=True)
    assert "since the start (40 → 20)" in page
