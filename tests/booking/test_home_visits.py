from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from portal.booking.models import Appointment
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest, VisitRequestStatus
from portal.localtime import local_today
from portal.notifications.models import OutgoingEmail
from tests.booking.conftest import KOLKATA


@pytest.fixture
def city_with_visits(make, practice):
    city = practice["centre"].city
    make.pincode(city, "560038", "Indiranagar")
    make.pincode(city, "560034", "Koramangala")
    profile = practice["therapist"].therapist_profile
    profile.does_home_visits = True
    db.session.commit()
    make.service("home-visit")
    return city


def _form(**changes):
    tomorrow = local_today("Asia/Kolkata") + timedelta(days=1)
    data = {
        "name": "Lakshmi Iyer",
        "phone": "98456 77102",
        "email": "lakshmi@example.com",
        "address": "No. 12, 2nd Cross, HAL 2nd Stage",
        "pincode": "560038",
        "city": "bengaluru",
        "earliest_date": tomorrow.isoformat(),
        "latest_date": (tomorrow + timedelta(days=2)).isoformat(),
        "preferred_time": "morning",
        "reason": "My mother cannot travel after her hip surgery.",
        "consent": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _requests():
    return db.session.scalars(select(HomeVisitRequest)).all()


def test_a_guest_requests_a_visit(client, city_with_visits):
    response = client.post("/home-visit", data=_form())
    assert response.headers["Location"] == "/home-visit/thanks"
    [request] = _requests()
    assert request.phone == "+919845677102"
    assert request.status is VisitRequestStatus.NEW
    assert "+91 98456 77102" in client.get("/home-visit/thanks").get_data(as_text=True)


def test_an_unserved_pincode_lists_the_areas_and_offers_a_call_back(client, city_with_visits):
    response = client.post("/home-visit", data=_form(pincode="560099"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "We don&#39;t make home visits in 560099 yet." in html
    assert "Koramangala (560034), Indiranagar (560038)" in html
    assert 'href="/contact"' in html
    assert 'value="No. 12, 2nd Cross, HAL 2nd Stage"' in html or "HAL 2nd Stage</textarea>" in html
    assert _requests() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pincode": "56003"}, "A pincode has 6 digits"),
        ({"address": ""}, "Please give the address for the visit."),
        ({"earliest_date": "2020-01-01"}, "Choose today or a later day."),
        ({"latest_date": "2020-01-01"}, "The last day is before the first day."),
        ({"phone": "12345"}, "too short"),
    ],
)
def test_bad_requests_are_refused_next_to_the_field(client, city_with_visits, changes, message):
    response = client.post("/home-visit", data=_form(**changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _requests() == []


def _visit_request(client):
    client.post("/home-visit", data=_form())
    return _requests()[0]


def test_the_desk_books_a_visit_with_travel_time_and_the_requester_is_told(
    client, make, login_as, practice, city_with_visits
):
    request = _visit_request(client)
    login_as(make.desk(city_with_visits, name="Meera Nair"))
    page = client.get(f"/desk/home-visits/{request.id}").get_data(as_text=True)
    assert "Lakshmi Iyer" in page
    tomorrow = local_today("Asia/Kolkata") + timedelta(days=1)
    nine = datetime.combine(tomorrow, time(9), KOLKATA).astimezone(UTC)
    value = f"{practice['therapist'].id}@{nine.isoformat()}"
    assert value in page
    response = client.post(f"/desk/home-visits/{request.id}/schedule", data={"slot": value})
    assert response.headers["Location"] == "/desk/home-visits"
    db.session.refresh(request)
    assert request.status is VisitRequestStatus.SCHEDULED
    appointment = db.session.get(Appointment, request.appointment_id)
    assert appointment.starts_at == nine
    assert appointment.buffer_minutes == 30
    assert "HAL 2nd Stage" in appointment.home_address
    assert appointment.patient.email == "lakshmi@example.com"
    [email] = db.session.scalars(select(OutgoingEmail)).all()
    assert email.to_email == "lakshmi@example.com"
    assert email.ics is not None


def test_a_guest_without_email_is_booked_and_phoned(client, make, login_as, practice,
                                                     city_with_visits):  # fmt: skip
    client.post("/home-visit", data=_form(email=""))
    request = _requests()[0]
    login_as(make.desk(city_with_visits))
    tomorrow = local_today("Asia/Kolkata") + timedelta(days=1)
    start = datetime.combine(tomorrow, time(10), KOLKATA).astimezone(UTC)
    client.post(f"/desk/home-visits/{request.id}/schedule",
                data={"slot": f"{practice['therapist'].id}@{start.isoformat()}"})  # fmt: skip
    db.session.refresh(request)
    assert request.status is VisitRequestStatus.SCHEDULED
    assert db.session.scalars(select(OutgoingEmail)).all() == []


def test_a_time_that_is_not_free_is_refused(client, make, login_as, practice, city_with_visits):
    request = _visit_request(client)
    login_as(make.desk(city_with_visits))
    tomorrow = local_today("Asia/Kolkata") + timedelta(days=1)
    evening = datetime.combine(tomorrow, time(17), KOLKATA).astimezone(UTC)  # not "morning"
    slot = f"{practice['therapist'].id}@{evening.isoformat()}"
    response = client.post(f"/desk/home-visits/{request.id}/schedule", data={"slot": slot})
    assert response.status_code == 409
    db.session.refresh(request)
    assert request.status is VisitRequestStatus.NEW
    assert db.session.scalars(select(Appointment)).all() == []


def test_the_desk_declines_with_a_reason(client, make, login_as, city_with_visits):
    request = _visit_request(client)
    login_as(make.desk(city_with_visits))
    empty = client.post(f"/desk/home-visits/{request.id}/decline", data={"reason": ""})
    assert empty.status_code == 422
    client.post(f"/desk/home-visits/{request.id}/decline",
                data={"reason": "No therapist free that week; please call us."})  # fmt: skip
    db.session.refresh(request)
    assert request.status is VisitRequestStatus.DECLINED
    [email] = db.session.scalars(select(OutgoingEmail)).all()
    assert "No therapist free that week" in email.body


def test_another_citys_desk_cannot_see_the_request(client, make, login_as, city_with_visits):
    request = _visit_request(client)
    login_as(make.desk(make.city("Hyderabad")))
    assert "Lakshmi" not in client.get("/desk/home-visits").get_data(as_text=True)
    assert client.get(f"/desk/home-visits/{request.id}").status_code == 404
    assert client.post(f"/desk/home-visits/{request.id}/decline",
                       data={"reason": "x"}).status_code == 404  # fmt: skip
