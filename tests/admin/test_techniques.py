import pytest
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.extensions import db
from portal.guide.models import PointSides, Technique, TechniqueKind

POINT = {
    "kind": "acupressure",
    "code": "ll4",
    "name": "Union Valley",
    "pinyin_name": "Hegu",
    "meridian": "Large Intestine 4",
    "summary": "Headache and general pain",
    "location": "In the web between thumb and index finger.",
    "benefits": "Eases pain.",
    "how_to": "Press firmly in small circles.",
    "cautions": "Not in pregnancy.",
    "default_hold_seconds": "60",
    "sides": "both",
    "avoid_in_pregnancy": "y",
    "diagram_view": "back",
    "diagram_x": "80",
    "diagram_y": "100",
}
EXERCISE = {
    "kind": "exercise",
    "code": "side-plank",
    "name": "Side plank",
    "summary": "Strength for the sides of the trunk",
    "benefits": "Builds support for the spine.",
    "how_to": "Lie on your side, lift your hips.",
    "cautions": "Stop on sharp pain.",
    "default_hold_seconds": "15",
    "default_sets": "2",
    "default_reps": "5",
    "sides": "both",
    "diagram_view": "back",
}


def _technique(code):
    return db.session.scalar(select(Technique).where(Technique.code == code))


@pytest.fixture
def admin(make, login_as):
    return login_as(make.admin())


def test_admin_adds_a_point_that_appears_in_the_guide(client, admin):
    response = client.post("/admin/techniques/new", data=POINT)
    assert response.headers["Location"] == "/admin/techniques"
    point = _technique("LL4")
    assert point.kind is TechniqueKind.ACUPRESSURE
    assert point.sides is PointSides.BOTH
    assert point.avoid_in_pregnancy
    assert "Hegu" in client.get("/guide").get_data(as_text=True)
    assert client.get("/guide/LL4").status_code == 200


def test_admin_adds_an_exercise_without_point_fields(client, admin):
    client.post("/admin/techniques/new", data=EXERCISE)
    exercise = _technique("SIDE-PLANK")
    assert exercise.kind is TechniqueKind.EXERCISE
    assert (exercise.default_sets, exercise.default_reps) == (2, 5)
    assert exercise.sides is None
    assert exercise.diagram_view is None
    assert exercise.location is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**POINT, "location": ""}, "Say where to find the point."),
        ({**POINT, "diagram_x": ""}, "Place the marker on the diagram."),
        ({**POINT, "default_hold_seconds": "5"}, "Number must be between 10 and 600."),
        ({**POINT, "code": "bad code!"}, "2 to 20 letters, digits or hyphens."),
        ({**EXERCISE, "default_sets": ""}, "Give the default number of sets."),
    ],
)
def test_incomplete_techniques_are_refused(client, admin, data, message):
    response = client.post("/admin/techniques/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(Technique)).all() == []


def test_codes_are_unique(client, admin, make):
    make.technique("BL23")
    response = client.post("/admin/techniques/new", data={**POINT, "code": "bl23"})
    assert response.status_code == 422
    assert "Another technique already has this code." in response.get_data(as_text=True)


def test_admin_edits_and_archives_a_technique(client, admin, make):
    point = make.technique("GV4")
    page = client.get(f"/admin/techniques/{point.id}").get_data(as_text=True)
    assert 'value="Mingmen"' in page
    data = {
        **POINT,
        "code": "GV4",
        "sides": "midline",
        "archived": "y",
        "default_hold_seconds": "120",
    }
    client.post(f"/admin/techniques/{point.id}", data=data)
    db.session.refresh(point)
    assert point.archived
    assert point.default_hold_seconds == 120
    assert client.get("/guide/GV4").status_code == 404


@pytest.mark.parametrize("role", [Role.PATIENT, Role.THERAPIST])
def test_only_admins_manage_the_library(client, make, login_as, role):
    login_as(make.user(role, **({"centre": make.centre()} if role is Role.THERAPIST else {})))
    assert client.get("/admin/techniques").status_code == 403
    assert client.post("/admin/techniques/new", data=POINT).status_code == 403
    assert client.get("/admin/techniques/1").status_code == 404  # an id in the URL: 404
