import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.programs.models import ProgramVersion
from portal.safety.rules import Pregnancy


def _row(item, **changes):
    """The form fields of one editor row for an existing program item."""
    values = {
        "technique_id": str(item.technique_id),
        "hold_seconds": str(item.hold_seconds),
        "side": item.side.value,
        "times_per_day": str(item.times_per_day),
        "weekdays": [str(day) for day in range(7)],
        "sets": str(item.sets or ""),
        "reps": str(item.reps or ""),
        "patient_note": item.patient_note or "",
    }
    return {**values, **changes}


def _form(rows, **extra):
    data = {}
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"items-{n}-{key}"] = value
    return {**data, **extra}


def _versions(plan):
    return db.session.scalars(
        select(ProgramVersion).where(ProgramVersion.program_id == plan.program.id)
    ).all()


@pytest.fixture
def editor(client, login_as, clinic, plan, items, today):
    login_as(clinic["therapist"])
    rows = [_row(items["BL23"]), _row(items["GV4"]), _row(items["BRIDGE"])]
    return {"url": f"/therapist/plans/{plan.id}/program", "rows": rows, "today": today}


def test_the_editor_starts_from_the_current_version(client, editor):
    html = client.get(editor["url"]).get_data(as_text=True)
    assert html.count('class="card shadow-sm mb-3 program-row') == 3


def test_publishing_makes_a_new_version_with_the_new_dose(client, editor, plan, clinic):
    rows = editor["rows"]
    rows[0]["hold_seconds"] = "120"
    response = client.post(
        editor["url"],
        data=_form(rows, publish="Publish program", effective_from=editor["today"].isoformat()),
    )
    assert response.headers["Location"] == f"/therapist/plans/{plan.id}"
    first, second = _versions(plan)
    assert second.number == 2
    assert second.published_by_id == clinic["therapist"].id
    assert second.items[0].hold_seconds == 120
    assert first.items[0].hold_seconds == 90


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"hold_seconds": "5"}, "hold_seconds", "Hold for 10 to 600 seconds."),
        ({"hold_seconds": "601"}, "hold_seconds", "Hold for 10 to 600 seconds."),
        ({"times_per_day": "7"}, "times_per_day", "Between 1 and 6 times a day."),
        ({"times_per_day": "0"}, "times_per_day", "Between 1 and 6 times a day."),
        ({"weekdays": []}, "weekdays", "Choose at least one day of the week."),
        ({"side": "left"}, "side", "GV4 is on the midline: choose no side."),
    ],
)
def test_bad_doses_are_refused_next_to_the_field(client, editor, plan, row, field, message):
    rows = editor["rows"]
    rows[1].update(row)  # GV4
    response = client.post(editor["url"], data=_form(rows, publish="Publish program"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert len(_versions(plan)) == 1


def test_exercises_need_sets_and_reps(client, editor, plan):
    rows = editor["rows"]
    rows[2]["sets"] = ""
    response = client.post(editor["url"], data=_form(rows, publish="Publish program"))
    assert response.status_code == 422
    assert "Give 1 to 10 sets." in response.get_data(as_text=True)
    assert len(_versions(plan)) == 1


def test_a_past_start_date_is_refused(client, editor, plan):
    from datetime import timedelta

    yesterday = (editor["today"] - timedelta(days=1)).isoformat()
    response = client.post(
        editor["url"], data=_form(editor["rows"], publish="Publish", effective_from=yesterday)
    )
    assert response.status_code == 422
    assert "Choose today or a later date." in response.get_data(as_text=True)
    assert len(_versions(plan)) == 1


@pytest.mark.parametrize(("days", "refused"), [(2 * 366, False), (2 * 366 + 1, True)])
def test_a_start_more_than_two_years_ahead_is_refused(client, editor, plan, days, refused):
    from datetime import timedelta

    start = (editor["today"] + timedelta(days=days)).isoformat()
    response = client.post(
        editor["url"], data=_form(editor["rows"], publish="Publish", effective_from=start)
    )
    assert response.status_code == (422 if refused else 302)
    said = "Choose a date within two years of today." in response.get_data(as_text=True)
    assert said is refused
    assert len(_versions(plan)) == (1 if refused else 2)


def test_adding_and_removing_rows_publishes_nothing(client, editor, plan, make):
    knee = make.technique("KNEE-TO-CHEST")
    rows = editor["rows"]
    rows[0]["remove"] = "y"
    response = client.post(
        editor["url"], data=_form(rows, add="Add to program", add_technique=str(knee.id))
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    legends = re.findall(r'<legend class="h5 mb-2">\d+\. ([^<]+?)\s*<span', html)
    assert legends == ["GV4 Mingmen", "Bridge", "Knee to chest"]
    assert html.count('class="card shadow-sm mb-3 program-row') == 3
    assert len(_versions(plan)) == 1


def test_an_archived_technique_cannot_be_added_or_published(client, editor, plan, make):
    old = make.technique("CAT-COW", archived=True)
    added = client.post(
        editor["url"], data=_form(editor["rows"], add="Add", add_technique=str(old.id))
    )
    assert "Choose a point or exercise to add." in added.get_data(as_text=True)
    rows = [*editor["rows"], {**editor["rows"][2], "technique_id": str(old.id)}]
    published = client.post(editor["url"], data=_form(rows, publish="Publish"))
    assert published.status_code == 422
    assert "is archived: choose another technique." in published.get_data(as_text=True)
    assert len(_versions(plan)) == 1


def test_an_empty_program_cannot_be_published(client, editor, plan):
    rows = [dict(row, remove="y") for row in editor["rows"]]
    response = client.post(editor["url"], data=_form(rows, publish="Publish"))
    assert response.status_code == 422
    assert "Add at least one point or exercise." in response.get_data(as_text=True)


def test_a_blocked_point_needs_explicit_confirmation(client, make, login_as, clinic):
    patient = make.patient(centre=clinic["centre"])
    make.screening(patient, pregnancy=Pregnancy.YES)
    plan = make.plan(patient, clinic["therapist"], [make.item("BL23")])
    bl60 = make.technique("BL60")
    login_as(clinic["therapist"])
    url = f"/therapist/plans/{plan.id}/program"
    row = _row(plan.program.versions[0].items[0])
    added = client.post(url, data=_form([row], add="Add", add_technique=str(bl60.id)))
    assert "traditionally avoided in pregnancy" in added.get_data(as_text=True)
    bl60_row = {**row, "technique_id": str(bl60.id), "hold_seconds": "60"}
    refused = client.post(url, data=_form([row, bl60_row], publish="Publish"))
    assert refused.status_code == 422
    assert "tick to confirm" in refused.get_data(as_text=True)
    assert len(_versions(plan)) == 1
    confirmed = {**bl60_row, "safety_confirmed": "y"}
    client.post(url, data=_form([row, confirmed], publish="Publish"))
    latest = _versions(plan)[-1]
    assert latest.items[1].safety_confirmed_by_id == clinic["therapist"].id
    assert latest.items[1].safety_confirmed_at is not None


def test_tampered_rows_are_refused_without_a_crash(client, editor, plan):
    rows = [*editor["rows"], {"technique_id": "abc", "side": "sideways", "weekdays": ["9"]}]
    response = client.post(editor["url"], data=_form(rows, publish="Publish"))
    assert response.status_code == 422
    assert len(_versions(plan)) == 1


def test_only_therapists_edit_programs(client, make, login_as, plan):
    login_as(make.admin())
    assert client.get(f"/therapist/plans/{plan.id}/program").status_code == 404  # an id: 404
    assert client.get(f"/therapist/plans/{plan.id}").status_code == 200


@pytest.mark.parametrize("technique", ["¹", "२", "99999999999"])
def test_a_technique_that_is_no_id_is_no_row(client, editor, plan, technique):
    """The form's own choices are ids; anything else (a digit int() cannot read included)
    asks for a choice when adding, and is dropped like an unknown technique when publishing."""
    rows = editor["rows"]
    added = client.post(editor["url"], data=_form(rows, add="Add", add_technique=technique))
    assert "Choose a point or exercise to add." in added.get_data(as_text=True)
    rows = [*rows, {**rows[2], "technique_id": technique}]
    published = client.post(editor["url"], data=_form(rows, publish="Publish"))
    assert published.status_code == 302
    assert len(_versions(plan)[-1].items) == 3
