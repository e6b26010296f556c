from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.accounts.scope import reach_of
from portal.booking.access import appointments_for, appointments_within
from portal.booking.models import Appointment, AppointmentStatus
from portal.booking.schedule import _centres_of, _counts_of
from portal.db_types import utcnow
from portal.extensions import db


@pytest.fixture
def week(make, practice, upcoming_at):
    """Tomorrow: one appointment each for two Indiranagar therapists and one in Hyderabad."""
    second = make.therapist(practice["centre"], name="Dr. Kavya Menon")
    hyderabad = make.centre(make.city("Hyderabad"), "Jubilee Hills", slug="hyd-jh")
    far = make.therapist(hyderabad, name="Dr. Farah Siddiqui")
    service = practice["service"]
    make.appointment(practice["patient"], practice["therapist"], practice["centre"], service,
                     upcoming_at(10))  # fmt: skip
    make.appointment(make.patient(name="Vikram Shetty"), second, practice["centre"], service,
                     upcoming_at(11))  # fmt: skip
    make.appointment(make.patient(name="Zoya Khan"), far, hyderabad, service, upcoming_at(12))
    return {"second": second, "day": (upcoming_at(10) + timedelta(hours=6)).date().isoformat()}


def test_the_desk_sees_its_citys_day_per_therapist(client, make, login_as, practice, week):
    login_as(make.desk(practice["centre"].city))
    html = client.get(f"/schedule?day={week['day']}").get_data(as_text=True)
    assert "Dr. Arjun Hegde" in html and "Dr. Kavya Menon" in html
    assert "10:00 am–10:30 am" in html
    assert "Rohan Kulkarni" in html and "Vikram Shetty" in html
    assert "Zoya Khan" not in html
    weekly = client.get(f"/schedule?day={week['day']}&view=week").get_data(as_text=True)
    assert "Week of" in weekly and "Dr. Kavya Menon" in weekly
    assert "Vikram Shetty" not in weekly  # the week counts; the day (linked) names


def test_a_therapist_sees_only_their_own(client, login_as, practice, week):
    login_as(practice["therapist"])
    html = client.get(f"/schedule?day={week['day']}").get_data(as_text=True)
    assert "Rohan Kulkarni" in html
    assert f'href="/therapist/patients/{practice["patient"].id}"' in html  # to the plan
    assert "Vikram Shetty" not in html
    assert "No-show" not in html


def test_the_desk_records_what_happened(client, make, login_as, practice, booked):
    began = utcnow().replace(second=0, microsecond=0) - timedelta(minutes=40)
    appointment = booked(began)
    upcoming = make.appointment(make.patient(), practice["therapist"], practice["centre"],
                                practice["service"], began + timedelta(days=2))  # fmt: skip
    login_as(make.desk(practice["centre"].city))
    client.post(f"/schedule/appointments/{appointment.id}/outcome", data={"outcome": "no_show"})
    client.post(f"/schedule/appointments/{upcoming.id}/outcome", data={"outcome": "completed"})
    db.session.refresh(appointment)
    db.session.refresh(upcoming)
    assert appointment.status is AppointmentStatus.NO_SHOW
    assert upcoming.status is AppointmentStatus.BOOKED  # it has not happened yet
    assert client.post(f"/schedule/appointments/{appointment.id}/outcome",
                       data={"outcome": "deleted"}).status_code == 400  # fmt: skip


def test_another_citys_appointment_cannot_be_marked(client, make, login_as, practice, week):
    login_as(make.desk(make.city("Hyderabad")))
    blr = db.session.scalar(
        select(Appointment).where(Appointment.centre_id == practice["centre"].id)
    )
    response = client.post(
        f"/schedule/appointments/{blr.id}/outcome", data={"outcome": "completed"}
    )
    assert response.status_code == 404


def test_patients_have_no_staff_schedule(client, login_as, practice):
    login_as(practice["patient"])
    assert client.get("/schedule").status_code == 403


def test_the_statement_built_once_per_rule_reaches_what_the_rule_does(make, practice, week):
    """appointments_within(rule) with reach_of's id bound gives each member of staff exactly
    what appointments_for(them) gives: the desk its city's, a therapist their own, an admin
    all, anyone else none."""
    people = [make.desk(practice["centre"].city), make.desk(make.city("Hyderabad")),
              practice["therapist"], week["second"], make.admin(), practice["patient"]]  # fmt: skip
    reached = []
    for person in people:
        rule, about = reach_of(person)
        built_once = db.session.scalars(
            appointments_within(rule).with_only_columns(Appointment.id), {"about": about}
        ).all()
        each_time = db.session.scalars(
            appointments_for(person).with_only_columns(Appointment.id)
        ).all()
        assert sorted(built_once) == sorted(each_time)
        reached.append(len(built_once))
    everyone = db.session.scalar(select(func.count()).select_from(Appointment))
    assert reached == [2, 1, 1, 1, everyone, 0]  # each rule reaches what it should


def test_the_schedules_statements_are_built_once(client, make, login_as, practice, week):
    login_as(make.desk(practice["centre"].city))
    for view in ("", "&view=week"):
        client.get(f"/schedule?day={week['day']}{view}")
    built = _counts_of.cache_info().misses, _centres_of.cache_info().misses
    for view in ("", "&view=week"):
        html = client.get(f"/schedule?day={week['day']}{view}").get_data(as_text=True)
        assert "Dr. Kavya Menon" in html
    assert (_counts_of.cache_info().misses, _centres_of.cache_info().misses) == built
