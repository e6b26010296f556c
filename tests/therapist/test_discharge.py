"""Discharge: the treating therapist completes a plan with a summary; the patient reads it;
access as for plans, every staff read audited."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.outcomes.mcid import Measure
from portal.outcomes.models import DischargeSummary
from portal.outcomes.odi import SECTION_KEYS
from portal.outcomes.services import record_odi
from portal.programs.models import PlanStatus, PracticeLog
from portal.programs.services import record_psfs

FORM = {"home_advice": "Bridge, 10 a day. Walk 30 minutes.", "notes": "Well done."}


@pytest.fixture
def course(make, clinic, today):
    """A four-week plan with an ODI, a PSFS and pain logs at its start and now."""
    patient = clinic["patient"]
    start = today - timedelta(weeks=4)
    plan = make.plan(patient, clinic["therapist"], [make.item("BRIDGE")], start)
    item = plan.program.versions[-1].items[0]
    for day, odi, psfs, pain in ((start, 3, 3, 7), (today, 1, 7, 2)):
        record_odi(patient.id, day, dict.fromkeys(SECTION_KEYS, odi))
        record_psfs(patient, day, [("Sitting at work", psfs)])
        log = PracticeLog(patient_id=patient.id, item_id=item.id, occurrence_date=day,
                          occurrence_index=1, pain_before=pain, pain_after=pain)  # fmt: skip
        db.session.add(log)
    db.session.commit()
    return plan


def _summary(plan):
    return db.session.scalar(select(DischargeSummary).where(DischargeSummary.plan_id == plan.id))


def _reads(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_the_form_fills_in_outcomes_and_the_home_program(client, login_as, clinic, course):
    login_as(clinic["therapist"])
    html = client.get(f"/therapist/plans/{course.id}/discharge").get_data(as_text=True)
    assert "40 points better since the start (60 → 20)" in html  # ODI
    assert "4 points better since the start (3 → 7)" in html  # PSFS
    assert "5 points better since the start (7 → 2)" in html  # pain, weekly averages
    assert "Bridge" in html.split('id="home_advice"')[1].split("</textarea>")[0]


def test_the_treating_therapist_discharges_and_the_plan_is_completed(
    client, login_as, clinic, course, today
):
    login_as(clinic["therapist"])
    response = client.post(
        f"/therapist/plans/{course.id}/discharge", data={**FORM, "discharged_on": today}
    )
    assert response.headers["Location"].endswith(f"/therapist/plans/{course.id}/discharge-summary")
    db.session.refresh(course)
    assert course.status is PlanStatus.COMPLETED
    assert course.end_date == today
    summary = _summary(course)
    assert summary.home_advice == FORM["home_advice"]
    outcomes = {o.measure: (o.start_value, o.end_value) for o in summary.outcomes}
    assert outcomes == {Measure.ODI: (60, 20), Measure.PSFS: (3, 7), Measure.PAIN: (7, 2)}
    assert len(_reads("plan_discharged")) == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Discharge summary" in page and "Walk 30 minutes." in page


def test_a_refused_discharge_keeps_what_was_typed_and_saves_nothing(
    client, login_as, clinic, course, today
):
    login_as(clinic["therapist"])
    response = client.post(
        f"/therapist/plans/{course.id}/discharge",
        data={"home_advice": "", "notes": "Kept note", "discharged_on": today + timedelta(days=1)},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="home_advice-error"' in html and 'id="discharged_on-error"' in html
    assert "Kept note" in html
    assert _summary(course) is None
    db.session.refresh(course)
    assert course.status is PlanStatus.ACTIVE


def test_a_date_before_the_plan_started_is_refused(client, login_as, clinic, course):
    login_as(clinic["therapist"])
    early = course.start_date - timedelta(days=1)
    response = client.post(
        f"/therapist/plans/{course.id}/discharge", data={**FORM, "discharged_on": early}
    )
    assert response.status_code == 422
    assert "Choose a date from the plan&#39;s start" in response.get_data(as_text=True)


def test_discharging_twice_shows_the_first_summary(client, login_as, clinic, course, today):
    login_as(clinic["therapist"])
    url = f"/therapist/plans/{course.id}/discharge"
    client.post(url, data={**FORM, "discharged_on": today})
    again = client.post(url, data={**FORM, "home_advice": "Other", "discharged_on": today})
    assert again.headers["Location"].endswith("/discharge-summary")
    assert _summary(course).home_advice == FORM["home_advice"]


def test_a_cancelled_plan_is_not_discharged(client, login_as, clinic, course, today):
    course.status = PlanStatus.CANCELLED
    db.session.commit()
    login_as(clinic["therapist"])
    client.post(f"/therapist/plans/{course.id}/discharge", data={**FORM, "discharged_on": today})
    assert _summary(course) is None


def test_a_colleague_who_does_not_treat_the_patient_may_not_discharge(
    client, make, login_as, clinic, course, today
):
    login_as(make.therapist(clinic["centre"], name="Dr. Meera Rao"))
    url = f"/therapist/plans/{course.id}/discharge"
    assert client.get(url).status_code == 403
    assert client.post(url, data={**FORM, "discharged_on": today}).status_code == 403
    assert _summary(course) is None
    # They still read the plan: the patient is one of their centre.
    assert client.get(f"/therapist/plans/{course.id}").status_code == 200


def test_another_therapist_treating_the_patient_may_discharge(
    client, make, login_as, clinic, course, today
):
    colleague = make.therapist(clinic["centre"], name="Dr. Meera Rao")
    make.plan(clinic["patient"], colleague, [make.item("GV4")])
    login_as(colleague)
    client.post(f"/therapist/plans/{course.id}/discharge", data={**FORM, "discharged_on": today})
    assert _summary(course).written_by_id == colleague.id


@pytest.mark.parametrize("role", [Role.DESK, Role.ADMIN, Role.PATIENT])
def test_desk_admin_and_patients_may_not_discharge(client, make, login_as, clinic, course, role):
    login_as(make.user(role, **({"city": clinic["centre"].city} if role is Role.DESK else {})))
    url = f"/therapist/plans/{course.id}/discharge"
    assert client.get(url).status_code == 404
    assert client.post(url, data=FORM).status_code == 404
    assert _summary(course) is None


def test_a_therapist_of_another_centre_finds_nothing(client, make, login_as, clinic, course):
    hyderabad = make.centre(make.city("Hyderabad"), "Jubilee Hills", slug="hyd-jubilee-hills")
    login_as(make.therapist(hyderabad))
    assert client.get(f"/therapist/plans/{course.id}/discharge").status_code == 404


@pytest.fixture
def discharged(client, login_as, auth, clinic, course, today):
    login_as(clinic["therapist"])
    client.post(f"/therapist/plans/{course.id}/discharge", data={**FORM, "discharged_on": today})
    auth.logout()
    return course


def test_the_patient_reads_their_summary_from_progress(client, login_as, clinic, discharged):
    login_as(clinic["patient"])
    progress = client.get("/progress").get_data(as_text=True)
    url = f"/plans/{discharged.id}/discharge-summary"
    assert f'href="{url}"' in progress
    html = client.get(url).get_data(as_text=True)
    assert "What to keep doing at home" in html and "Walk 30 minutes." in html
    assert "40 points better since the start (60 → 20)" in html
    assert "Ostelo et al., Spine 2008" in html
    assert "data-print" in html


def test_another_patient_and_a_visitor_do_not_see_it(client, make, login_as, auth, discharged):
    url = f"/plans/{discharged.id}/discharge-summary"
    assert client.get(url).status_code == 302  # a visitor: to the login page
    login_as(make.patient(name="Kavya Iyer"))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["treating", "colleague", "admin"])
def test_staff_who_may_see_the_plan_read_the_summary_audited(
    client, make, login_as, clinic, discharged, who
):
    reader = {
        "treating": lambda: clinic["therapist"],
        "colleague": lambda: make.therapist(clinic["centre"], name="Dr. Meera Rao"),
        "admin": lambda: make.admin(),
    }[who]()
    login_as(reader)
    assert client.get(f"/therapist/plans/{discharged.id}/discharge-summary").status_code == 200
    [read] = _reads("discharge_summary_viewed")
    assert (read.actor_id, read.patient_id) == (reader.id, clinic["patient"].id)


def test_desk_and_other_centres_do_not_read_the_summary(client, make, login_as, clinic, discharged):
    url = f"/therapist/plans/{discharged.id}/discharge-summary"
    login_as(make.desk(clinic["centre"].city))
    assert client.get(url).status_code == 404
    hyderabad = make.centre(make.city("Hyderabad"), "Jubilee Hills", slug="hyd-jubilee-hills")
    login_as(make.therapist(hyderabad))
    assert client.get(url).status_code == 404
    assert _reads("discharge_summary_viewed") == []


def test_the_plan_page_offers_discharge_then_the_summary(
    client, make, login_as, clinic, course, today
):
    login_as(clinic["therapist"])
    url = f"/therapist/plans/{course.id}"
    assert f'href="{url}/discharge"' in client.get(url).get_data(as_text=True)
    client.post(f"{url}/discharge", data={**FORM, "discharged_on": today})
    html = client.get(url).get_data(as_text=True)
    assert f'href="{url}/discharge-summary"' in html and f'href="{url}/discharge"' not in html
