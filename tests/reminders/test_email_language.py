"""The worker writes a practice reminder in the patient's language: it has no page to take a
language from, only the patient's account."""

from datetime import time

from portal.extensions import db
from portal.localtime import clock
from portal.reminders.services import send_due_practice_reminders
from tests.emails import emails_to
from tests.reminders.conftest import at_local


def test_a_hindi_patients_reminder_is_in_hindi(reminded, today):
    reminded.language = "hi"
    db.session.commit()
    send_due_practice_reminders(at_local(today, 7, 30))
    db.session.commit()
    [email] = emails_to(reminded.email, "practice_reminder")
    assert email.subject == "आज का आपका घर पर अभ्यास: 3 अभी बाकी"
    assert email.body.startswith("प्रिय Rohan Kulkarni,")
    assert f"{clock(time(7, 30), language='hi')} (Bengaluru समय)" in email.body
    assert "Dear" not in email.body
