from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.programs.models import ProgramVersion, TreatmentPlan
from portal.programs.queries import items_in_force, load_plans
from portal.programs.services import publish_version
from portal.safety.rules import Pregnancy

PLAN = {
    "condition": "Low back pain after lifting",
    "goals": "Walk 30 minutes without pain",
    "sessions_planned": "6",
    "session_frequency": "Twice a week",
}


def _plans():
    return db.session.scalars(select(TreatmentPlan)).all()


def test_a_plan_is_created_and_the_template_opens_in_the_editor(
    client, make, login_as, clinic, seeded_templates, today
):
    login_as(clinic["therapist"])
    template = seeded_templates["Lower back pain \u2014 starter"]
    response = client.post(
        f"/therapist/patients/{clinic['patient'].id}/plans/new",
        data={**PLAN, "start_date": today.isoformat(), "template": str(template.id)},
    )
    [plan] = _plans()
    assert (
        response.headers["Location"] == f"/therapist/plans/{plan.id}/program?template={template.id}"
    )
    assert plan.therapist_id == clinic["therapist"].id
    assert plan.centre_id == clinic["centre"].id
    assert plan.program.versions == []  # nothing published until the therapist says so
    editor = client.get(response.headers["Location"]).get_data(as_text=True)
    for title in ("BL23 Shenshu", "GV4 Mingmen", "BL40 Weizhong", "Pelvic tilt", "Bridge"):
        assert title in editor


def test_end_before_start_is_refused_and_nothing_saved(client, login_as, clinic, today):
    login_as(clinic["therapist"])
    response = client.post(
        f"/therapist/patients/{clinic['patient'].id}/plans/new",
        data={**PLAN, "start_date": today.isoformat(),
              "end_date": (today - timedelta(days=1)).isoformat(), "template": ""},
    )  # fmt: skip
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "The end date is before the start date." in html
    assert 'value="Low back pain after lifting"' in html
    assert _plans() == []


def test_missing_fields_are_named(client, login_as, clinic):
    login_as(clinic["therapist"])
    response = client.post(f"/therapist/patients/{clinic['patient'].id}/plans/new", data={})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Describe the condition.", "Write at least one goal.", "How many sessions?"):
        assert message in html
    assert _plans() == []


def test_a_plan_for_a_patient_the_therapist_may_not_see_is_refused(client, make, login_as, clinic):
    stranger = make.patient(centre=make.centre(make.city("Hyderabad"), slug="hyd-x"))
    login_as(clinic["therapist"])
    response = client.post(f"/therapist/patients/{stranger.id}/plans/new", data=PLAN)
    assert response.status_code == 404
    assert _plans() == []


def test_the_plan_page_shows_the_program_in_force(client, login_as, clinic, plan):
    login_as(clinic["therapist"])
    html = client.get(f"/therapist/plans/{plan.id}").get_data(as_text=True)
    assert "Press firmly in small circles for 90 seconds on each side, twice a day." in html
    assert "Version 1: from" in html


def test_a_completed_plan_leaves_the_patients_day(client, login_as, clinic, plan):
    login_as(clinic["therapist"])
    client.post(f"/therapist/plans/{plan.id}/status", data={"status": "completed"})
    db.session.refresh(plan)
    assert plan.status.value == "completed"
    client.post("/logout")
    login_as(clinic["patient"])
    assert "BL23 Shenshu" not in client.get("/today").get_data(as_text=True)


def test_a_nonsense_status_changes_nothing(client, login_as, clinic, plan):
    login_as(clinic["therapist"])
    client.post(f"/therapist/plans/{plan.id}/status", data={"status": "deleted"})
    db.session.refresh(plan)
    assert plan.status.value == "active"


def test_the_plan_page_says_when_a_point_is_locked_for_the_patient(client, make, login_as, clinic):
    patient = make.patient(centre=clinic["centre"])
    make.screening(patient, pregnancy=Pregnancy.YES)
    plan = make.plan(patient, clinic["therapist"], [make.item("BL60")])
    login_as(clinic["therapist"])
    html = client.get(f"/therapist/plans/{plan.id}").get_data(as_text=True)
    assert "Locked for the patient" in html


def test_versions_keep_their_own_items(client, make, login_as, clinic, plan, today):
    first = plan.program.versions[0]
    tomorrow = today + timedelta(days=1)
    publish_version(plan.program, [make.item("GV4")], tomorrow, clinic["therapist"])
    versions = db.session.scalars(
        select(ProgramVersion).where(ProgramVersion.program_id == plan.program.id)
    ).all()
    assert [v.number for v in versions] == [1, 2]
    assert len(first.items) == 3  # the old version is untouched
    [reloaded] = load_plans([clinic["patient"].id])
    assert [i.technique.code for i in items_in_force(reloaded, tomorrow)] == ["GV4"]
    login_as(clinic["patient"])
    assert "BL23 Shenshu" in client.get("/today").get_data(as_text=True)  # still version 1


def test_the_plan_form_offers_and_checks_against_the_clinics_date(
    client, login_as, clinic, monkeypatch
):
    """Not the server's date: 19:00 UTC on 1 Jan 2030 is already the 2nd in the centre's city,
    and the form's 'within two years' is counted from that day, years from the real one."""
    import portal.localtime

    monkeypatch.setattr(portal.localtime, "utcnow", lambda: datetime(2030, 1, 1, 19, tzinfo=UTC))
    login_as(clinic["therapist"])
    url = f"/therapist/patients/{clinic['patient'].id}/plans/new"
    page = client.get(url).get_data(as_text=True)
    assert 'name="start_date" required type="date" value="2030-01-02"' in page
    later = client.post(url, data={**PLAN, "start_date": "2031-12-01", "template": ""})
    assert later.status_code == 302
    too_far = client.post(url, data={**PLAN, "start_date": "2032-02-01", "template": ""})
    assert "Choose a start within two years of today." in too_far.get_data(as_text=True)
