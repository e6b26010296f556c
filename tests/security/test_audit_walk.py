"""Every staff page that shows a patient's data records the read: a walk over app.url_map
(so a route added later is walked too), in the world of the access matrix."""

from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.extensions import db
from tests.test_access_matrix import (
    MATRIX,
    OK,
    ROLES,
    build_world,
    fresh_world,
    request_as,
    rules_by_key,
    to_login,
    tomorrow,
    url_of,
)

STAFF = ("therapist_a", "therapist_other", "desk_a", "desk_other", "admin")
# What only patient A's side of the world contains: their name, and their home-visit request.
PATIENT_A_TEXT = ("Rohan Kulkarni", "Savitri Rao")
# URL arguments that name something of a patient's: a POST to one reads that patient's data.
PATIENT_ARGUMENTS = {"patient_id", "plan_id", "flag_id", "appointment_id", "request_id"}
# Query strings that bring patient A onto a page that shows one day (their appointment is
# tomorrow).
WALK_QUERY = {"booking.staff_schedule": lambda: f"?day={tomorrow()}"}
# Pages known to show patient data: the walk must find each of them showing patient A.
KNOWN_PATIENT_PAGES = {
    "therapist.dashboard", "therapist.patients", "therapist.patient", "therapist.new_plan",
    "therapist.plan", "therapist.print_plan", "therapist.program", "booking.staff_schedule",
    "desk.home_visits", "desk.home_visit",
}  # fmt: skip


def _reads_of(patient_id: int, actor_id: int) -> int:
    db.session.rollback()  # see what the requests committed
    return db.session.scalar(
        select(func.count()).where(
            AuditEvent.patient_id == patient_id, AuditEvent.actor_id == actor_id
        )
    )


def _allowed(key) -> list[str]:
    return [
        role for role, expected in zip(ROLES, MATRIX[key], strict=True)
        if role in STAFF and expected in (200, OK)
    ]  # fmt: skip


def test_every_staff_page_showing_a_patient_records_the_read(app):
    world = build_world()
    patient_id = world["users"]["patient_a"].id
    showing, unaudited = set(), []
    for key, rule in sorted(rules_by_key(app).items()):
        endpoint, method = key
        if method != "GET" or key not in MATRIX:
            continue
        for role in _allowed(key):
            actor_id = world["users"][role].id
            url = url_of(rule, world) + WALK_QUERY.get(endpoint, lambda: "")()
            before = _reads_of(patient_id, actor_id)
            response = request_as(app, role, world, method, url)
            html = response.get_data(as_text=True)
            if response.status_code != 200 or not any(text in html for text in PATIENT_A_TEXT):
                continue
            showing.add(endpoint)
            if _reads_of(patient_id, actor_id) == before:
                unaudited.append(f"GET {url} as {role} shows patient A but records no read")
    assert not unaudited, "\n".join(unaudited)
    assert showing >= KNOWN_PATIENT_PAGES, f"the walk never saw {KNOWN_PATIENT_PAGES - showing}"


def test_every_staff_post_about_a_patient_records_the_read(app):
    """Also when the form is refused (sent empty here): the patient's data was fetched."""
    world = build_world()
    unaudited, walked = [], set()
    for key, rule in sorted(rules_by_key(app).items()):
        endpoint, method = key
        if method != "POST" or key not in MATRIX or not rule.arguments & PATIENT_ARGUMENTS:
            continue
        for role in _allowed(key):
            world = fresh_world()
            patient_id, actor_id = world["users"]["patient_a"].id, world["users"][role].id
            response = request_as(app, role, world, method, url_of(rule, world))
            assert not to_login(response)
            walked.add(endpoint)
            if _reads_of(patient_id, actor_id) == 0:
                unaudited.append(f"POST {endpoint} as {role}: no audit event for patient A")
    assert not unaudited, "\n".join(unaudited)
    assert "therapist.acknowledge" in walked
