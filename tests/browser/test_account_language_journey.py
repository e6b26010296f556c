"""A patient chooses Kannada on the account page, by keyboard: the account, the reminder
setting and a message thread are then in Kannada, axe-clean and without sideways scrolling at
phone width; a visitor's registration errors come in Telugu."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from tests.browser.conftest import log_in, see_what_the_server_wrote
from tests.browser.conftest import serious_accessibility_violations as _axe


def _fits_the_phone(page) -> bool:
    page.set_viewport_size({"width": 390, "height": 900})
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_patient_reads_their_account_pages_in_kannada(page, seeded, screenshot):
    log_in(page, "patient@demo.test")
    page.goto("/account")
    language = page.get_by_label("The language of this site and of your emails")
    language.focus()
    language.select_option("kn")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Save language", reached by keyboard

    expect(page).to_have_url(re.compile(r"/account$"))
    expect(page.locator("html")).to_have_attribute("lang", "kn")
    expect(page.get_by_role("heading", name="ನನ್ನ ಖಾತೆ", level=1)).to_be_visible()
    expect(page.get_by_label("ಈ ಸೈಟ್‌ನ ಮತ್ತು ನಿಮ್ಮ ಇಮೇಲ್‌ಗಳ ಭಾಷೆ")).to_have_value("kn")
    see_what_the_server_wrote()
    email = "patient@demo.test"
    assert db.session.scalar(select(User.language).where(User.email == email)) == "kn"
    assert _axe(page) == []
    assert _fits_the_phone(page)
    screenshot("i18n-account-kn")

    page.goto("/account/reminder")
    expect(page.get_by_role("heading", name="ಅಭ್ಯಾಸ ಜ್ಞಾಪನೆ", level=1)).to_be_visible()
    assert _axe(page) == []
    assert _fits_the_phone(page)
    screenshot("i18n-reminder-kn")

    page.goto("/messages")
    page.locator(".thread-link").first.click()
    expect(page.get_by_text("ಸಂದೇಶಗಳು ತುರ್ತು ಸಂದರ್ಭಗಳಿಗೆ ಅಲ್ಲ.")).to_be_visible()
    page.get_by_role("button", name="ಸಂದೇಶ ಕಳುಹಿಸಿ").click()  # empty: refused
    expect(page.locator("#body-error")).to_have_text("ಮೊದಲು ನಿಮ್ಮ ಸಂದೇಶವನ್ನು ಬರೆಯಿರಿ.")
    assert _axe(page) == []
    assert _fits_the_phone(page)
    screenshot("i18n-thread-kn")


def test_a_visitors_registration_errors_are_in_telugu(page, seeded, screenshot):
    page.goto("/register")
    page.get_by_role("button", name="తెలుగు").click()  # the switcher
    page.get_by_label("మొబైల్ నంబర్").fill("98450 1234")
    page.get_by_role("button", name="కొనసాగించండి").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("4 సమస్యలు ఉన్నాయి")
    expect(page.locator("#phone-error")).to_have_text(
        "భారతదేశంలో మొబైల్ నంబర్‌కు 10 అంకెలు ఉంటాయి; ఇందులో 9 ఉన్నాయి."
    )
    assert _axe(page) == []
    assert _fits_the_phone(page)
    screenshot("i18n-register-te")
