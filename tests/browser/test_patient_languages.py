"""A patient follows today's program, practises with the timer and books an appointment in
each of the four languages, with axe clean on every page. The switcher above the navigation
changes the language; each page then reads in that language's own script."""

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from tests.browser.conftest import log_in, serious_accessibility_violations

LANGUAGES = {"en": "English", "hi": "हिन्दी", "kn": "ಕನ್ನಡ", "te": "తెలుగు"}
# The Unicode block each language is written in (Hindi: Devanagari).
SCRIPTS = {"en": "LATIN", "hi": "DEVANAGARI", "kn": "KANNADA", "te": "TELUGU"}
TIME_PAGE = "/book/blr-indiranagar/new-consultation/"
CATALOGUE = Path(__file__).resolve().parents[2] / "portal/translations/hi/LC_MESSAGES/messages.po"


def share_in_script(text: str, language: str) -> float:
    """Of the letters on the page, the share written in `language`'s script. Names, centre
    addresses and point codes stay in Latin letters, so a translated page is not at 100 %."""
    letters = [char for char in text if char.isalpha()]
    script = SCRIPTS[language]
    return sum(unicodedata.name(char, "").startswith(script) for char in letters) / len(letters)


@cache
def english_sentences() -> frozenset[str]:
    """The portal's own English phrases of three words or more, as written in the code (the
    catalogue's msgids without placeholders): none may be left on a translated page."""
    with open(CATALOGUE, "rb") as po:
        ids = [message.id for message in read_po(po) if isinstance(message.id, str)]
    return frozenset(text for text in ids if len(text.split()) >= 3 and "%" not in text)


def assert_reads_in(page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    main = " ".join(page.locator("main").inner_text().split())
    share = share_in_script(main, language)
    if language == "en":
        assert share > 0.95, main[:400]
    else:
        # Names, addresses, service names and point codes stay Latin; the rest is translated.
        left = sorted(text for text in english_sentences() if text in main)
        assert not left, f"English left on a {language} page: {left}"
        assert share > 0.25, f"{share:.0%} in {language}: {main[:400]}"
    assert serious_accessibility_violations(page) == []


def choose_language(page, language: str) -> None:
    page.locator(".language-bar").get_by_role("button", name=LANGUAGES[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_today_practice_and_booking_in_each_language(page, seeded, language):
    log_in(page, "patient@demo.test")
    page.goto("/today")
    choose_language(page, language)
    expect(page).to_have_url(re.compile(r"/today$"))  # the switcher keeps the page
    assert_reads_in(page, language)

    # A practice page with its guided timer.
    page.locator(".today-item a.btn-primary").first.click()
    timer = page.locator("#guided-timer")
    expect(timer).to_be_visible()
    assert_reads_in(page, language)
    expect(timer.locator('[data-timer="start"]')).to_be_visible()

    # Booking: centre, service, time, confirmation, and the booked appointment.
    page.goto("/book")
    assert_reads_in(page, language)
    page.locator('main a[href^="/book/blr-indiranagar/"]').first.click()
    assert_reads_in(page, language)
    page.goto(TIME_PAGE)
    assert_reads_in(page, language)
    page.locator("a.slot").first.click()
    expect(page.locator("main form[method=post] button[type=submit]")).to_be_visible()
    assert_reads_in(page, language)
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".appointment-row").first).to_be_visible()
    assert_reads_in(page, language)
