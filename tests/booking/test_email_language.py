"""Appointment emails and their calendar files are written in the patient's language, whoever
booked: the desk's English (or its browser's Hindi) never reaches a patient who reads Telugu;
the worker, which has no page at all, writes a reminder in the patient's language too."""

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from portal.booking.emails import queue_due_reminders
from portal.booking.presenters import slot_value, when
from portal.db_types import utcnow
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest
from portal.notifications.models import OutgoingEmail
from tests.booking.conftest import KOLKATA
from tests.booking.test_home_visits import _form as visit_form

HINDI_BROWSER = {"Accept-Language": "hi-IN,hi;q=0.9"}


def _only_email() -> OutgoingEmail:
    [email] = db.session.scalars(select(OutgoingEmail)).all()
    return email


def _book(client, practice, start, **headers):
    url = f"/book/{practice['centre'].slug}/follow-up/confirm"
    return client.post(url, data={"start": slot_value(start), "therapist": "any"}, headers=headers)


def _speaks(patient, language):
    patient.language = language
    db.session.commit()


def test_a_kannada_patient_gets_the_confirmation_and_calendar_entry_in_kannada(
    client, login_as, practice, upcoming_at
):
    _speaks(practice["patient"], "kn")
    login_as(practice["patient"])
    start = upcoming_at(11, 15, days=2)
    _book(client, practice, start)
    email = _only_email()
    shown = when(start, KOLKATA, "kn")
    assert shown != when(start, KOLKATA)  # the date itself is written the Kannada way
    assert email.subject == f"ನಿಮ್ಮ ಅಪಾಯಿಂಟ್‌ಮೆಂಟ್ ಬುಕ್ ಆಗಿದೆ: {shown}"
    assert email.body.startswith("ಆತ್ಮೀಯ Rohan Kulkarni,\n\nನಿಮ್ಮ ಅಪಾಯಿಂಟ್‌ಮೆಂಟ್ ಬುಕ್ ಆಗಿದೆ.")
    assert "ಏನು:  Follow-up session (30 ನಿಮಿಷಗಳು)" in email.body
    assert f"ಯಾವಾಗ:  {shown} (Bengaluru ಸಮಯ)" in email.body
    assert "+91 80 4112 6530" in email.body  # the phone number as it is
    assert "Your appointment" not in email.subject + email.body
    [event] = Calendar.from_ical(email.ics).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Dr. Arjun Hegde ಅವರೊಂದಿಗೆ Follow-up session"
    assert str(event["DESCRIPTION"]).startswith("Sthira Physio. ಬದಲಾಯಿಸಲು ಅಥವಾ ರದ್ದುಮಾಡಲು")


def test_the_desk_booking_for_a_telugu_patient_emails_telugu_and_stays_english_itself(
    client, make, login_as, practice, upcoming_at
):
    _speaks(practice["patient"], "te")
    login_as(make.desk(practice["centre"].city))
    client.post(f"/desk/patients/{practice['patient'].id}/book")
    response = _book(client, practice, upcoming_at(10, days=2), **HINDI_BROWSER)
    email = _only_email()
    assert email.subject.startswith("మీ అపాయింట్‌మెంట్ బుక్ అయింది: ")
    assert email.body.startswith("ప్రియమైన Rohan Kulkarni,")
    assert "बुक" not in email.subject + email.body  # not the desk browser's Hindi
    desk_page = client.get(response.headers["Location"], headers=HINDI_BROWSER)
    assert "Booked for Rohan Kulkarni; they have been emailed." in desk_page.get_data(as_text=True)


def test_without_a_stored_language_the_patients_own_page_decides_and_the_desks_does_not(
    client, make, login_as, practice, upcoming_at
):
    login_as(practice["patient"])
    _book(client, practice, upcoming_at(10, days=2), **HINDI_BROWSER)
    assert _only_email().subject.startswith("आपका अपॉइंटमेंट बुक हो गया: ")
    db.session.execute(OutgoingEmail.__table__.delete())
    db.session.commit()
    client.post("/logout")
    login_as(make.desk(practice["centre"].city))
    client.post(f"/desk/patients/{practice['patient'].id}/book")
    _book(client, practice, upcoming_at(15, days=2), **HINDI_BROWSER)
    assert _only_email().subject.startswith("Your appointment is booked: ")


def test_the_workers_reminder_is_in_the_patients_language(practice, booked):
    _speaks(practice["patient"], "te")
    booked(utcnow().replace(second=0, microsecond=0) + timedelta(hours=3))
    assert queue_due_reminders() == 1
    email = _only_email()
    assert email.subject.startswith("గుర్తు: మీ అపాయింట్‌మెంట్ ")
    assert "రేపటి మీ అపాయింట్‌మెంట్ గుర్తు." in email.body
    [event] = Calendar.from_ical(email.ics).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Dr. Arjun Hegde తో Follow-up session"


def _guest_visit_request_from_a_kannada_page(client, make, practice) -> HomeVisitRequest:
    make.pincode(practice["centre"].city, "560038", "Indiranagar")
    practice["therapist"].therapist_profile.does_home_visits = True
    db.session.commit()
    make.service("home-visit")
    client.post("/home-visit", data=visit_form(), headers={"Accept-Language": "kn"})
    return db.session.scalars(select(HomeVisitRequest)).one()


def test_a_guests_declined_visit_is_explained_in_the_language_they_asked_in(
    client, make, login_as, practice
):
    request = _guest_visit_request_from_a_kannada_page(client, make, practice)
    assert request.language == "kn"
    login_as(make.desk(practice["centre"].city))
    client.post(f"/desk/home-visits/{request.id}/decline",
                data={"reason": "No therapist free that week."}, headers=HINDI_BROWSER)  # fmt: skip
    email = _only_email()
    assert email.subject == "ನಿಮ್ಮ ಮನೆ ಭೇಟಿ ವಿನಂತಿಯ ಬಗ್ಗೆ"
    assert "ಕ್ಷಮಿಸಿ, ಈ ಭೇಟಿಯನ್ನು ನಾವು ಏರ್ಪಡಿಸಲು ಸಾಧ್ಯವಿಲ್ಲ" in email.body
    assert "No therapist free that week." in email.body  # the desk's words, as written


def test_a_guests_booked_visit_is_confirmed_in_the_language_they_asked_in(
    client, make, login_as, practice, upcoming_at
):
    request = _guest_visit_request_from_a_kannada_page(client, make, practice)
    login_as(make.desk(practice["centre"].city))
    slot = f"{practice['therapist'].id}@{upcoming_at(9, days=2).isoformat()}"
    client.post(f"/desk/home-visits/{request.id}/schedule", data={"slot": slot})
    email = _only_email()
    assert email.to_email == "lakshmi@example.com"
    assert email.subject.startswith("ನಿಮ್ಮ ಅಪಾಯಿಂಟ್‌ಮೆಂಟ್ ಬುಕ್ ಆಗಿದೆ: ")
    assert "ದಯವಿಟ್ಟು ನಮಗೆ +91 80 4112 6530 ಗೆ ಕರೆ ಮಾಡಿ." in email.body  # a guest: call us
