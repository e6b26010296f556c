"""The booking flow in each of the four languages: a patient chooses a language with the
switcher, books through the four steps reading that language on every page (axe clean), and
the confirmation email is written in it."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from tests.browser.conftest import (
    log_in,
    see_what_the_server_wrote,
    serious_accessibility_violations,
)

# What each step's heading says, and the email's subject, in each language.
FLOW = {
    "en": ("Where would you like to come?", "What do you need?", "Choose a day and time",
           "Confirm your appointment", "My appointments", "Your appointment is booked: "),
    "hi": ("आप कहाँ आना चाहेंगे?", "आपको क्या चाहिए?", "दिन और समय चुनें",
           "अपने अपॉइंटमेंट की पुष्टि करें", "मेरे अपॉइंटमेंट", "आपका अपॉइंटमेंट बुक हो गया: "),
    "kn": ("ನೀವು ಎಲ್ಲಿಗೆ ಬರಲು ಬಯಸುತ್ತೀರಿ?", "ನಿಮಗೆ ಏನು ಬೇಕು?", "ದಿನ ಮತ್ತು ಸಮಯ ಆಯ್ಕೆಮಾಡಿ",
           "ನಿಮ್ಮ ಅಪಾಯಿಂಟ್‌ಮೆಂಟ್ ದೃಢೀಕರಿಸಿ", "ನನ್ನ ಅಪಾಯಿಂಟ್‌ಮೆಂಟ್‌ಗಳು",
           "ನಿಮ್ಮ ಅಪಾಯಿಂಟ್‌ಮೆಂಟ್ ಬುಕ್ ಆಗಿದೆ: "),
    "te": ("మీరు ఎక్కడికి రావాలనుకుంటున్నారు?", "మీకు ఏమి కావాలి?", "రోజు మరియు సమయం ఎంచుకోండి",
           "మీ అపాయింట్‌మెంట్‌ను నిర్ధారించండి", "నా అపాయింట్‌మెంట్‌లు",
           "మీ అపాయింట్‌మెంట్ బుక్ అయింది: "),
}  # fmt: skip


def _step(page, language: str, heading: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    assert serious_accessibility_violations(page) == []


@pytest.mark.parametrize("language", list(FLOW))
def test_a_patient_books_in_their_language_and_is_emailed_in_it(page, seeded, language):
    centres, service, time, confirm, appointments, subject = FLOW[language]
    log_in(page, "patient@demo.test")
    page.goto("/book")
    page.locator(f'button[name="language"][value="{language}"]').click()
    _step(page, language, centres)
    page.get_by_role("link", name=re.compile(r"^Indiranagar")).click()
    _step(page, language, service)
    page.locator("button.service-choice", has_text="New consultation").click()
    _step(page, language, time)
    page.locator("nav.day-strip a").last.click()  # days ahead: clear of every lead time
    page.locator("a.slot").first.click()
    _step(page, language, confirm)
    page.locator("form button.btn-primary.btn-lg").click()
    _step(page, language, appointments)

    see_what_the_server_wrote()
    newest = db.session.scalars(
        select(OutgoingEmail).where(OutgoingEmail.kind == "booked").order_by(OutgoingEmail.id)
    ).all()[-1]
    assert newest.subject.startswith(subject)
