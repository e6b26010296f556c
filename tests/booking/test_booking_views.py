from datetime import timedelta

from sqlalchemy import select

from portal.booking.models import Appointment, AppointmentStatus
from portal.booking.presenters import slot_value
from portal.extensions import db


def _appointments():
    return db.session.scalars(select(Appointment)).all()


def _confirm_url(practice, start, therapist="any", service="follow-up"):
    return (f"/book/{practice['centre'].slug}/{service}/confirm"
            f"?start={slot_value(start)}&therapist={therapist}")  # fmt: skip


def test_the_four_steps_show_only_real_free_slots_in_local_time(
    client, make, practice, upcoming_at
):
    make.appointment(practice["patient"], practice["therapist"], practice["centre"],
                     practice["service"], upcoming_at(10))  # fmt: skip
    assert "Indiranagar" in client.get("/book").get_data(as_text=True)
    services = client.get("/book/blr-indiranagar/").get_data(as_text=True)
    assert "Follow-up session" in services
    assert "Dr. Arjun Hegde" in services
    day = (
        upcoming_at(9)
        .astimezone(
            practice["centre"].city.timezone and __import__("zoneinfo").ZoneInfo("Asia/Kolkata")
        )
        .date()
    )
    html = client.get(f"/book/blr-indiranagar/follow-up/?day={day.isoformat()}").get_data(
        as_text=True
    )
    assert ">9:00 am<" in html
    assert ">9:30 am<" in html
    assert ">10:00 am<" not in html  # booked
    assert ">9:45 am<" not in html  # would run into it
    assert ">5:30 pm<" in html
    assert ">5:45 pm<" not in html  # would end after 6


def test_visitors_must_log_in_to_confirm_and_come_back_to_their_slot(client, practice, upcoming_at):
    url = _confirm_url(practice, upcoming_at(11))
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    login = client.post(
        response.headers["Location"],
        data={"email": practice["patient"].email, "password": "correct horse battery"},
    )
    assert login.headers["Location"] == url


def test_a_patient_books_and_sees_the_appointment(client, login_as, practice, upcoming_at):
    login_as(practice["patient"])
    url = _confirm_url(practice, upcoming_at(11, 15))
    page = client.get(url).get_data(as_text=True)
    assert "11:15 am" in page
    response = client.post(url, data={"start": slot_value(upcoming_at(11, 15)), "therapist": "any"})
    assert response.status_code == 302
    [appointment] = _appointments()
    assert appointment.starts_at == upcoming_at(11, 15)
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=30)
    assert appointment.therapist_id == practice["therapist"].id
    listing = client.get("/appointments").get_data(as_text=True)
    assert "11:15 am" in listing
    assert "Follow-up session with Dr. Arjun Hegde" in listing


def test_a_taken_slot_offers_the_nearest_free_times(client, make, login_as, practice, upcoming_at):
    other = make.patient(centre=practice["centre"])
    make.appointment(other, practice["therapist"], practice["centre"], practice["service"],
                     upcoming_at(11))  # fmt: skip
    login_as(practice["patient"])
    start = upcoming_at(11)
    response = client.post(_confirm_url(practice, start), data={"start": slot_value(start)})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Sorry, that time was just taken." in html
    assert "10:30 am" in html and "11:30 am" in html
    assert len(_appointments()) == 1


def test_tampered_or_impossible_times_are_refused(client, login_as, practice, upcoming_at):
    login_as(practice["patient"])
    for start in (upcoming_at(11, 7), upcoming_at(20), upcoming_at(11, days=40),
                  upcoming_at(11, days=-3)):  # fmt: skip
        response = client.post(_confirm_url(practice, start), data={"start": slot_value(start)})
        assert response.status_code == 409
    bad = client.post("/book/blr-indiranagar/follow-up/confirm", data={"start": "yesterday"})
    assert bad.status_code == 404
    assert _appointments() == []


def test_a_therapist_of_another_centre_or_a_home_visit_service_is_not_found(
    client, make, login_as, practice, upcoming_at
):
    stranger = make.therapist(make.centre(make.city("Hyderabad"), slug="hyd-z"))
    make.service("home-visit")
    login_as(practice["patient"])
    start = upcoming_at(11)
    assert client.get(_confirm_url(practice, start, therapist=stranger.id)).status_code == 404
    assert client.get(_confirm_url(practice, start, service="home-visit")).status_code == 404
    assert client.get(_confirm_url(practice, start, therapist="²")).status_code == 404
    assert client.get("/book/blr-indiranagar/home-visit/").status_code == 404


def test_a_patient_cannot_be_in_two_places_at_once(client, make, login_as, practice, upcoming_at):
    second = make.therapist(practice["centre"], name="Dr. Kavya Menon")
    make.working_week(second, practice["centre"])
    make.appointment(practice["patient"], practice["therapist"], practice["centre"],
                     practice["service"], upcoming_at(11))  # fmt: skip
    login_as(practice["patient"])
    start = upcoming_at(11, 15)
    response = client.post(_confirm_url(practice, start, therapist=second.id),
                           data={"start": slot_value(start)})  # fmt: skip
    assert response.status_code == 409
    assert "There is already an appointment for you at that time." in response.get_data(
        as_text=True
    )


def test_cancel_and_reschedule_until_the_cut_off(client, make, login_as, practice, upcoming_at):
    appointment = make.appointment(
        practice["patient"],
        practice["therapist"],
        practice["centre"],
        practice["service"],
        upcoming_at(15),
    )
    login_as(practice["patient"])
    move = client.get(f"/appointments/{appointment.id}/reschedule")
    assert f"reschedule={appointment.id}" in move.headers["Location"]
    new_start = upcoming_at(16)
    moved = {"start": slot_value(new_start), "reschedule": str(appointment.id)}
    client.post(_confirm_url(practice, new_start), data=moved)
    db.session.refresh(appointment)
    assert appointment.starts_at == new_start
    assert appointment.sequence == 1
    assert len(_appointments()) == 1
    client.post(f"/appointments/{appointment.id}/cancel")
    db.session.refresh(appointment)
    assert appointment.status is AppointmentStatus.CANCELLED
    assert appointment.sequence == 2


def test_after_the_cut_off_the_patient_is_asked_to_call(client, make, login_as, practice, booked):
    from portal.db_types import utcnow

    soon = utcnow().replace(second=0, microsecond=0) + timedelta(hours=3)
    appointment = booked(soon)
    login_as(practice["patient"])
    listing = client.get("/appointments").get_data(as_text=True)
    assert "please call the centre" in listing
    assert "+91 80 4112 6530" in listing
    response = client.post(f"/appointments/{appointment.id}/cancel", follow_redirects=True)
    assert "too late to cancel online" in response.get_data(as_text=True)
    db.session.refresh(appointment)
    assert appointment.status is AppointmentStatus.BOOKED


def test_someone_elses_appointment_is_not_found(client, make, login_as, practice, upcoming_at):
    appointment = make.appointment(
        practice["patient"],
        practice["therapist"],
        practice["centre"],
        practice["service"],
        upcoming_at(15),
    )
    login_as(make.patient())
    assert client.get(f"/appointments/{appointment.id}/cancel").status_code == 404
    assert client.post(f"/appointments/{appointment.id}/cancel").status_code == 404
    assert client.get(f"/appointments/{appointment.id}/reschedule").status_code == 404
    new_start = upcoming_at(16)
    moved = {"start": slot_value(new_start), "reschedule": str(appointment.id)}
    assert client.post(_confirm_url(practice, new_start), data=moved).status_code == 404
    db.session.refresh(appointment)
    assert appointment.status is AppointmentStatus.BOOKED
    assert appointment.starts_at == upcoming_at(15)
    assert len(_appointments()) == 1  # nothing booked in its place either
