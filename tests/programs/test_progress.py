import re
from datetime import timedelta

from markupsafe import escape
from sqlalchemy import select

from portal.extensions import db
from portal.programs.models import PracticeLog, PsfsAssessment


def _log(patient, item, day, index=1, before=6, after=3):
    db.session.add(
        PracticeLog(
            patient_id=patient.id,
            item_id=item.id,
            occurrence_date=day,
            occurrence_index=index,
            pain_before=before,
            pain_after=after,
        )
    )
    db.session.commit()


def test_progress_shows_adherence_streak_and_pain(client, make, login_as, clinic, today):
    patient = clinic["patient"]
    plan = make.plan(patient, clinic["therapist"], [make.item("GV4")], today - timedelta(days=3))
    item = plan.program.versions[-1].items[0]
    for back in (1, 2, 3):
        _log(patient, item, today - timedelta(days=back), before=7 - back, after=4 - back)
    login_as(patient)
    html = client.get("/progress").get_data(as_text=True)
    assert '<p class="stat-number">3</p><p class="stat-label">day streak</p>' in html
    assert "Pain before" in html and "Pain after" in html
    assert "<svg" in html and "<script" not in html.split("<main")[1].split("</main>")[0]


def test_psfs_is_offered_every_two_weeks_and_saved(client, make, login_as, clinic, today):
    patient = login_as(clinic["patient"])
    assert "Score them now" in client.get("/progress").get_data(as_text=True)
    response = client.post(
        "/progress/psfs",
        data={"activity_1": "Sitting through a meeting", "score_1": "4",
              "activity_2": "Lifting my daughter", "score_2": "2"},
    )  # fmt: skip
    assert response.headers["Location"] == "/progress"
    [assessment] = db.session.scalars(select(PsfsAssessment)).all()
    assert assessment.patient_id == patient.id
    assert assessment.taken_on == today
    assert [(s.activity, s.score) for s in assessment.scores] == [
        ("Sitting through a meeting", 4),
        ("Lifting my daughter", 2),
    ]
    html = client.get("/progress").get_data(as_text=True)
    assert "Score them now" not in html
    assert "Lifting my daughter" in html
    assert 'value="Sitting through a meeting"' in client.get("/progress/psfs").get_data(
        as_text=True
    )


def test_psfs_refuses_bad_scores_and_keeps_input(client, login_as, clinic):
    login_as(clinic["patient"])
    for data, message in [
        ({"activity_1": "Walking", "score_1": "11"}, "Give a score from 0 to 10."),
        ({"activity_1": "", "score_1": "5"}, "Name at least one activity."),
        ({"activity_1": "Walking", "score_1": "5", "activity_2": "Cooking"}, "Give a score"),
    ]:
        response = client.post("/progress/psfs", data=data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert 'value="Cooking"' in response.get_data(as_text=True)
    assert db.session.scalars(select(PsfsAssessment)).all() == []


def test_printable_program_has_dose_sentences_and_diagrams(client, login_as, clinic, plan):
    login_as(clinic["patient"])
    html = client.get("/program/print").get_data(as_text=True)
    assert "Home program for Rohan Kulkarni" in html
    assert "Press firmly in small circles for 90 seconds on each side, twice a day." in html
    assert "with BL23 marked" in html
    assert "@page" not in html  # print layout lives in the stylesheet


def test_progress_charts_begin_the_week_the_plan_started(client, make, login_as, clinic, today):
    patient = clinic["patient"]
    start = today - timedelta(days=today.weekday() + 7)  # the Monday of last week
    make.plan(patient, clinic["therapist"], [make.item("GV4")], start)
    login_as(patient)
    html = client.get("/progress").get_data(as_text=True)
    chart = html.split('id="adherence-heading"')[1].split("</figure>")[0]
    week_labels = [f"{start.day} {start:%b}", f"{(start + timedelta(weeks=1)).day} "]
    assert all(label in chart for label in week_labels)
    earlier = start - timedelta(weeks=1)
    assert f">{earlier.day} {earlier:%b}<" not in chart


def test_printable_program_says_where_to_find_each_point(client, login_as, clinic, plan, items):
    login_as(clinic["patient"])
    html = client.get("/program/print").get_data(as_text=True)
    location = items["BL23"].technique.location
    assert location and f"Where to find it:</strong> {escape(location)}" in html
    assert html.count("Where to find it:") == 2  # BL23 and GV4; the bridge is an exercise


def test_printed_diagrams_are_at_least_five_centimetres_wide(client):
    css = client.get("/static/css/portal.css").get_data(as_text=True)
    print_rules = css.split("@media print")[1]
    width = re.search(r"\.print-item \.diagram-print \{[^}]*width: ([\d.]+)(cm|mm)", print_rules)
    assert width, "the printed diagram needs a width in cm or mm"
    centimetres = float(width[1]) / (10 if width[2] == "mm" else 1)
    assert centimetres >= 5
