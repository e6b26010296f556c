from datetime import UTC, time

import pytest
from sqlalchemy import select

from portal.booking.models import TimeOff, WorkingHours
from portal.booking.slots import WorkingWindow
from portal.extensions import db
from portal.rota.rules import window_problem
from portal.rota.services import add_working_hours, kept_therapist, remove_rota_row
from tests.booking.conftest import KOLKATA


def test_windows_must_run_forwards_and_not_overlap():
    monday_morning = WorkingWindow(0, time(9), time(13))
    assert window_problem(WorkingWindow(0, time(14), time(13)), []) == (
        "The end must be after the start."
    )
    assert "overlaps 09:00–13:00" in window_problem(
        WorkingWindow(0, time(12), time(15)), [monday_morning]
    )
    assert window_problem(WorkingWindow(0, time(13), time(17)), [monday_morning]) is None
    assert window_problem(WorkingWindow(1, time(9), time(13)), [monday_morning]) is None


def _hours():
    return db.session.scalars(select(WorkingHours).order_by(WorkingHours.id)).all()


@pytest.fixture
def desk(make, login_as, practice):
    return login_as(make.desk(practice["centre"].city))


def test_the_desk_adds_and_removes_working_hours(client, desk, practice):
    therapist = practice["therapist"]
    before = len(_hours())
    url = f"/rota/{therapist.id}/hours"
    form = {
        "centre": str(practice["centre"].id),
        "weekday": "6",
        "starts": "19:00",
        "ends": "21:00",
    }
    overlapping = {**form, "starts": "10:00"}
    assert client.post(url, data=overlapping).status_code == 422  # Sunday 9–18 exists already
    db.session.query(WorkingHours).filter_by(weekday=6).delete()
    db.session.commit()
    assert client.post(url, data=form).status_code == 302
    added = _hours()[-1]
    assert (added.weekday, added.starts, added.ends) == (6, time(19), time(21))
    client.post(f"/rota/{therapist.id}/hours/{added.id}/remove")
    assert len(_hours()) == before - 1


def test_time_off_is_stored_in_utc_and_blocks_slots(client, desk, practice, upcoming_at):
    therapist = practice["therapist"]
    day = upcoming_at(9).astimezone(KOLKATA).date()
    response = client.post(
        f"/rota/{therapist.id}/time-off",
        data={"starts_at": f"{day}T09:00", "ends_at": f"{day}T13:00", "reason": "Conference"},
    )
    assert response.status_code == 302
    [off] = db.session.scalars(select(TimeOff)).all()
    assert off.starts_at == upcoming_at(9)
    assert off.starts_at.tzinfo is UTC
    html = client.get(f"/book/blr-indiranagar/follow-up/?day={day}").get_data(as_text=True)
    assert ">9:00 am<" not in html and ">12:30 pm<" not in html
    assert ">1:00 pm<" in html
    backwards = client.post(
        f"/rota/{therapist.id}/time-off",
        data={"starts_at": f"{day}T13:00", "ends_at": f"{day}T09:00"},
    )
    assert backwards.status_code == 422
    assert "The end must be after the start." in backwards.get_data(as_text=True)


def test_another_citys_therapist_is_not_found(client, make, desk):
    far = make.therapist(make.centre(make.city("Hyderabad"), slug="hyd-q"))
    assert client.get(f"/rota/{far.id}").status_code == 404
    assert "Test Therapist" not in client.get("/rota/").get_data(as_text=True).split("<main")[1]


def test_therapists_and_patients_do_not_keep_the_rota(client, login_as, practice):
    login_as(practice["therapist"])
    assert client.get("/rota/").status_code == 403


def test_rota_services_refuse_an_overlap_and_another_therapists_row(make, practice):
    """The rota's writes live in services (the view commits): an overlapping window is refused
    with its reason and nothing added; another therapist's row is not removed."""
    therapist, centre = practice["therapist"], practice["centre"]
    before = len(_hours())
    problem = add_working_hours(therapist, centre.id, WorkingWindow(6, time(10), time(20)))
    assert "overlaps" in problem  # Sunday 9–18 exists already
    assert len(_hours()) == before
    assert add_working_hours(therapist, centre.id, WorkingWindow(6, time(19), time(21))) is None
    added = _hours()[-1]
    other = make.therapist(centre, name="Dr. Other")
    assert remove_rota_row(WorkingHours, other, added.id) is False
    assert db.session.get(WorkingHours, added.id) is not None
    assert remove_rota_row(WorkingHours, therapist, added.id) is True
    assert db.session.get(WorkingHours, added.id) is None


def test_a_desk_keeps_only_its_own_citys_therapists(make, practice):
    therapist = practice["therapist"]
    hyderabad = make.centre(make.city("Hyderabad"), "Jubilee Hills", slug="hyd-jubilee")
    assert kept_therapist(make.desk(practice["centre"].city), therapist.id) == therapist
    assert kept_therapist(make.desk(hyderabad.city), therapist.id) is None
    assert kept_therapist(make.admin(), therapist.id) == therapist
