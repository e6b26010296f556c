"""Booking, home-visit and call-back pages in the visitor's language: headings, times of day,
the slot times themselves, a race's message and a refused field's error."""

import re

from portal.booking.presenters import slot_value
from portal.extensions import db
from portal.localtime import clock, to_local
from tests.booking.conftest import KOLKATA
from tests.booking.test_home_visits import _form as visit_form
from tests.contact.test_callback_form import _form as callback_form

KANNADA = {"Accept-Language": "kn"}


def _page(response, status=200) -> str:
    assert response.status_code == status
    return response.get_data(as_text=True)


def test_the_time_step_in_kannada_names_the_day_parts_and_writes_times_the_kannada_way(
    client, practice, upcoming_at
):
    day = upcoming_at(9, days=2)
    url = f"/book/{practice['centre'].slug}/follow-up/?day={to_local(day, KOLKATA).date()}"
    html = _page(client.get(url, headers=KANNADA))
    assert '<html lang="kn">' in html
    assert "ದಿನ ಮತ್ತು ಸಮಯ ಆಯ್ಕೆಮಾಡಿ" in html  # "Choose a day and time"
    assert ">ಬೆಳಿಗ್ಗೆ</h3>" in html and ">ಮಧ್ಯಾಹ್ನ</h3>" in html  # morning, afternoon
    nine = clock(to_local(day, KOLKATA), language="kn")
    assert nine != "9:00 am" and f">{nine}</a>" in html
    assert "9:00 am" not in html and "Morning" not in html


def test_a_lost_race_is_explained_in_the_patients_language(
    client, make, login_as, practice, upcoming_at
):
    make.appointment(make.patient(centre=practice["centre"]), practice["therapist"],
                     practice["centre"], practice["service"], upcoming_at(11, days=2))  # fmt: skip
    practice["patient"].language = "te"
    db.session.commit()
    login_as(practice["patient"])
    start = upcoming_at(11, days=2)
    url = f"/book/{practice['centre'].slug}/follow-up/confirm"
    html = _page(client.post(url, data={"start": slot_value(start)}), 409)
    assert '<html lang="te">' in html
    assert "క్షమించండి, ఆ సమయాన్ని ఇప్పుడే వేరొకరు తీసుకున్నారు." in html
    assert "Sorry" not in html


def test_a_refused_home_visit_field_says_why_in_telugu_next_to_it(client, make, practice):
    make.pincode(practice["centre"].city, "560038", "Indiranagar")
    html = _page(client.post("/home-visit", data=visit_form(address=""),
                             headers={"Accept-Language": "te"}), 422)  # fmt: skip
    error = re.search(r'id="address-error">\s*([^<]*?)\s*</div>', html)
    assert error and error.group(1) == "దయచేసి సందర్శన చిరునామా ఇవ్వండి."
    assert "చిరునామా" in html and "Address" not in html  # the field's label too


def test_a_call_back_from_a_hindi_page_is_thanked_in_hindi(client, make):
    make.city("Hyderabad")
    hindi = {"Accept-Language": "hi"}
    response = client.post("/contact", data=callback_form(), headers=hindi)
    assert response.status_code == 302
    html = _page(client.get("/contact/thanks", headers=hindi))
    assert "धन्यवाद, हम आपको कॉल करेंगे" in html
    assert "पसंदीदा समय: शाम (4 बजे – 7 बजे)।" in html  # the evening, as chosen
    assert "Evening" not in html
