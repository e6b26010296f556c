"""The desk registers someone who phoned, once, and books for them."""

import pytest
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.booking.booking_for import BOOKING_FOR
from portal.booking.models import Appointment
from portal.extensions import db
from portal.notifications.models import OutgoingEmail


@pytest.fixture
def blr(make):
    city = make.city("Bengaluru")
    return {
        "city": city,
        "indiranagar": make.centre(city, "Indiranagar", slug="blr-indiranagar"),
        "hyderabad": make.centre(make.city("Hyderabad"), "Jubilee Hills", slug="hyd-jh"),
    }


@pytest.fixture
def desk(make, login_as, blr):
    return login_as(make.desk(blr["city"]))


def _form(blr, **changes):
    return {"name": "Kavya Rao", "phone": "98450 77123", "email": "",
            "centre": str(blr["indiranagar"].id), **changes}  # fmt: skip


def _reads_of(patient):
    return db.session.execute(
        select(AuditEvent.action, AuditEvent.actor_id).where(AuditEvent.patient_id == patient.id)
    ).all()


def _patients(name="Kavya Rao"):
    return db.session.scalars(select(User).where(User.name == name)).all()


def test_a_phoned_patient_without_email_is_registered_and_chosen_for_booking(client, desk, blr):
    response = client.post("/desk/patients/new", data=_form(blr))
    assert response.headers["Location"] == "/book/blr-indiranagar/"
    [patient] = _patients()
    assert patient.phone == "+919845077123"
    assert patient.email.endswith(".invalid")
    assert patient.patient_profile.primary_centre_id == blr["indiranagar"].id
    with client.session_transaction() as session:
        assert session[BOOKING_FOR] == patient.id
    assert (
        db.session.scalar(select(AuditEvent.action).where(AuditEvent.patient_id == patient.id))
        == "patient_registered_by_desk"
    )
    found = client.get("/desk/patients?q=77123").get_data(as_text=True)
    assert "Kavya Rao" in found
    assert "+91 98450 77123 · no email" in found and ".invalid" not in found


def test_a_patient_without_email_can_be_booked_and_is_not_emailed(
    client, make, desk, blr, tomorrow_at_ten
):
    therapist = make.therapist(blr["indiranagar"])
    make.working_week(therapist, blr["indiranagar"])
    make.service("follow-up")
    client.post("/desk/patients/new", data=_form(blr))
    url = f"/book/blr-indiranagar/follow-up/confirm?start={tomorrow_at_ten}"
    response = client.post(url, data={"start": tomorrow_at_ten})
    assert response.status_code == 302
    [appointment] = db.session.scalars(select(Appointment)).all()
    assert appointment.patient.name == "Kavya Rao"
    assert db.session.scalar(select(func.count()).select_from(OutgoingEmail)) == 0


@pytest.fixture
def tomorrow_at_ten():
    from datetime import UTC, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from portal.booking.presenters import slot_value
    from portal.localtime import local_today

    day = local_today("Asia/Kolkata") + timedelta(days=1)
    return slot_value(datetime.combine(day, time(10), ZoneInfo("Asia/Kolkata")).astimezone(UTC))


@pytest.mark.parametrize(
    ("changes", "field_error"),
    [
        ({"name": ""}, 'id="name-error">Please tell us your name.'),
        ({"phone": "98450"}, 'id="phone-error">A mobile number in India has 10 digits'),
        ({"phone": "55555 55555"}, 'id="phone-error">This is not a valid phone number.'),
        ({"email": "kavya@"}, 'id="email-error">That doesn&#39;t look like an email address.'),
    ],
)
def test_bad_details_are_refused_next_to_the_field(client, desk, blr, changes, field_error):
    response = client.post("/desk/patients/new", data=_form(blr, **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error in html
    assert 'value="Kavya Rao"' in html or changes.get("name") == ""  # typed input kept
    assert _patients() == []


def test_a_centre_of_another_city_cannot_be_chosen(client, desk, blr):
    form = _form(blr, centre=str(blr["hyderabad"].id))
    response = client.post("/desk/patients/new", data=form)
    assert response.status_code == 422
    assert "Jubilee Hills" not in response.get_data(as_text=True)
    assert _patients() == []


def test_the_same_phone_is_pointed_out_not_duplicated(client, make, desk, blr):
    existing = make.patient(name="Kavya R.", centre=blr["indiranagar"], phone="+919845077123")
    response = client.post("/desk/patients/new", data=_form(blr, phone="+91 98450 77123"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kavya R. is already registered with this phone number" in html
    assert f'action="/desk/patients/{existing.id}/book"' in html
    assert _patients() == []
    assert _reads_of(existing) == [("patient_viewed", desk.id)]  # her name was shown


def test_the_same_email_is_pointed_out_not_duplicated(client, make, desk, blr):
    existing = make.patient(name="Kavya R.", centre=blr["indiranagar"], email="kavya@example.in")
    response = client.post("/desk/patients/new", data=_form(blr, email="Kavya@Example.in"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kavya R. is already registered with this email" in html
    assert f'action="/desk/patients/{existing.id}/book"' in html
    assert _patients() == []


def test_another_citys_patient_is_pointed_out_without_a_way_to_book(client, make, desk, blr):
    stranger = make.patient(name="Kavya H.", centre=blr["hyderabad"], phone="+919845077123")
    response = client.post("/desk/patients/new", data=_form(blr))
    html = response.get_data(as_text=True)
    assert "exists already, outside your city" in html
    assert "Kavya H." not in html
    assert _patients() == []
    assert _reads_of(stranger) == []  # nothing of hers was shown
