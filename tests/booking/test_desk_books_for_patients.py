from sqlalchemy import select

from portal.booking.models import Appointment
from portal.booking.presenters import slot_value
from portal.extensions import db


def test_the_desk_finds_a_patient_and_books_for_them(client, make, login_as, practice, upcoming_at):
    login_as(make.desk(practice["centre"].city))
    found = client.get("/desk/patients?q=rohan").get_data(as_text=True)
    assert "Rohan Kulkarni" in found
    client.post(f"/desk/patients/{practice['patient'].id}/book")
    assert "Booking for <strong>Rohan Kulkarni</strong>" in client.get("/book").get_data(
        as_text=True
    )
    start = upcoming_at(11)
    url = f"/book/blr-indiranagar/follow-up/confirm?start={slot_value(start)}"
    page = client.get(url).get_data(as_text=True)
    assert "<dt>For</dt><dd>Rohan Kulkarni</dd>" in page
    response = client.post(url, data={"start": slot_value(start)})
    assert response.headers["Location"].startswith("/schedule?day=")
    [appointment] = db.session.scalars(select(Appointment)).all()
    assert appointment.patient_id == practice["patient"].id
    assert "Booking for" not in client.get("/book").get_data(as_text=True)


def test_the_desk_must_choose_a_patient_first(client, make, login_as, practice, upcoming_at):
    login_as(make.desk(practice["centre"].city))
    url = f"/book/blr-indiranagar/follow-up/confirm?start={slot_value(upcoming_at(11))}"
    assert client.get(url).headers["Location"] == "/desk/patients"


def test_another_citys_patient_cannot_be_booked_for(client, make, login_as, practice):
    stranger = make.patient(centre=make.centre(make.city("Hyderabad"), slug="hyd-w"))
    login_as(make.desk(practice["centre"].city))
    assert client.post(f"/desk/patients/{stranger.id}/book").status_code == 404
    html = client.get(f"/desk/patients?q={stranger.name}").get_data(as_text=True)
    assert "No patient of your city" in html
