import re

import pytest
from sqlalchemy import select

from portal.contact.models import CallbackRequest, CallbackStatus, PreferredTime
from portal.extensions import db


def _form(**changes):
    data = {
        "name": "Lakshmi Iyer",
        "phone": "098456 77102",
        "city": "hyderabad",
        "preferred_time": "evening",
        "message": "My mother has back pain.",
        "consent": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def cities(make):
    return make.city("Bengaluru"), make.city("Hyderabad")


def _stored():
    return db.session.scalars(select(CallbackRequest)).all()


def test_a_good_request_is_stored_and_thanked(client, cities):
    response = client.post("/contact", data=_form())
    assert response.status_code == 302
    assert response.headers["Location"] == "/contact/thanks"
    [callback] = _stored()
    assert callback.phone == "+919845677102"
    assert callback.city.name == "Hyderabad"
    assert callback.preferred_time is PreferredTime.EVENING
    assert callback.status is CallbackStatus.NEW
    assert callback.consent_at is not None
    thanks = client.get("/contact/thanks").get_data(as_text=True)
    assert "+91 98456 77102" in thanks and "Hyderabad" in thanks and "Evening" in thanks


def test_the_compact_home_form_works_without_a_message(client, cities):
    response = client.post("/contact", data=_form(message=None, preferred_time="any"))
    assert response.status_code == 302
    [callback] = _stored()
    assert callback.message is None


def test_bad_phone_is_refused_next_to_the_field_and_nothing_is_lost(client, cities):
    response = client.post("/contact", data=_form(phone="98456 771"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<div class="invalid-feedback d-block" id="phone-error">' in html
    assert "A mobile number in India has 10 digits; this one has 8." in html
    assert 'value="Lakshmi Iyer"' in html
    assert 'value="98456 771"' in html
    assert '<option selected value="hyderabad">' in html
    assert re.search(r'<input checked [^>]*value="evening"', html)
    assert "My mother has back pain." in html
    assert _stored() == []


def test_each_missing_field_is_named(client, cities):
    response = client.post("/contact", data={"preferred_time": "any"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in (
        "Please tell us your name.",
        "Please enter a phone number.",
        "Please choose your city.",
        "Please agree so that we may call you.",
    ):
        assert message in html
    assert _stored() == []


def test_a_city_we_do_not_serve_is_refused(client, cities):
    response = client.post("/contact", data=_form(city="chennai"))
    assert response.status_code == 422
    assert _stored() == []


def test_a_message_that_is_too_long_is_refused(client, cities):
    response = client.post("/contact", data=_form(message="x" * 1001))
    assert response.status_code == 422
    assert "1000" in response.get_data(as_text=True)


def test_bots_filling_the_honeypot_are_thanked_but_not_stored(client, cities):
    response = client.post("/contact", data=_form(website="http://spam.example"))
    assert response.status_code == 302
    assert _stored() == []


def test_a_logged_in_patient_finds_the_form_prefilled(client, cities, make, login_as):
    login_as(make.patient(name="Rohan Kulkarni", phone="+919886754210"))
    html = client.get("/contact").get_data(as_text=True)
    assert 'value="Rohan Kulkarni"' in html and 'value="+91 98867 54210"' in html


def test_thanks_page_without_a_request_is_generic(client):
    html = client.get("/contact/thanks").get_data(as_text=True)
    assert "Our team will call you back soon." in html
