"""Appointment emails speak as the site does: the city's time, a phone number people can read,
and a guest who cannot log in is told to call rather than to go online."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from portal.accounts.passwords import unusable_password
from portal.booking.presenters import slot_value
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest
from portal.localtime import local_today
from portal.notifications.models import OutgoingEmail
from tests.booking.conftest import KOLKATA

CENTRE_PHONE_READABLE = "+91 80 4112 6530"  # the factory centre's +918041126530


def _only_email() -> OutgoingEmail:
    [email] = db.session.scalars(select(OutgoingEmail)).all()
    return email


def _book(client, practice, start):
    url = f"/book/{practice['centre'].slug}/follow-up/confirm"
    return client.post(url, data={"start": slot_value(start), "therapist": "any"})


def test_a_booking_email_names_the_city_time_and_a_readable_phone(
    client, login_as, practice, upcoming_at
):
    login_as(practice["patient"])
    _book(client, practice, upcoming_at(11, 15))
    body = _only_email().body
    assert "11:15 am (Bengaluru time)" in body
    assert "Kolkata" not in body
    assert CENTRE_PHONE_READABLE in body and "+918041126530" not in body
    assert "You can move or cancel it online until 12 hours before it starts." in body


def test_a_patient_the_desk_booked_without_a_password_is_told_to_call(
    client, make, login_as, practice, upcoming_at
):
    caller = make.patient(name="Savitri Rao", centre=practice["centre"])
    caller.password_hash = unusable_password()
    db.session.commit()
    login_as(make.desk(practice["centre"].city))
    client.post(f"/desk/patients/{caller.id}/book")
    _book(client, practice, upcoming_at(10))
    body = _only_email().body
    assert "online" not in body
    assert f"To move or cancel it, please call us on {CENTRE_PHONE_READABLE}." in body


def test_a_home_visit_guest_is_told_to_call(client, make, login_as, practice):
    city = practice["centre"].city
    make.pincode(city, "560038", "Indiranagar")
    practice["therapist"].therapist_profile.does_home_visits = True
    db.session.commit()
    make.service("home-visit")
    tomorrow = local_today("Asia/Kolkata") + timedelta(days=1)
    client.post("/home-visit", data={
        "name": "Lakshmi Iyer", "phone": "98456 77102", "email": "lakshmi@example.com",
        "address": "No. 12, 2nd Cross, HAL 2nd Stage", "pincode": "560038", "city": "bengaluru",
        "earliest_date": tomorrow.isoformat(), "latest_date": tomorrow.isoformat(),
        "preferred_time": "morning", "reason": "Cannot travel after hip surgery.", "consent": "y",
    })  # fmt: skip
    visit = db.session.scalar(select(HomeVisitRequest))
    login_as(make.desk(city))
    nine = datetime.combine(tomorrow, time(9), KOLKATA).astimezone(UTC)
    client.post(f"/desk/home-visits/{visit.id}/schedule",
                data={"slot": f"{practice['therapist'].id}@{nine.isoformat()}"})  # fmt: skip
    email = _only_email()
    assert email.to_email == "lakshmi@example.com"
    assert "9:00 am (Bengaluru time)" in email.body
    assert "online" not in email.body
    assert f"please call us on {CENTRE_PHONE_READABLE}" in email.body
