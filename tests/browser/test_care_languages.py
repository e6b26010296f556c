"""The patient's care pages in Hindi, Kannada and Telugu pass axe and fit a phone: the longer
words wrap instead of pushing the page sideways."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, serious_accessibility_violations


def _practice_page(page):
    page.goto("/today")
    page.locator(".today-item a.btn").first.click()
    expect(page.locator("#practice-form")).to_be_visible()


def _goto(path):
    def visit(page):
        page.goto(path)

    return visit


PAGES = {
    "today": _goto("/today"),
    "practice": _practice_page,
    "progress": _goto("/progress"),
    "symptoms": _goto("/safety/symptoms"),
    "odi": _goto("/progress/odi"),
}


@pytest.mark.parametrize("language", ["hi", "kn", "te"])
@pytest.mark.parametrize("name", list(PAGES))
def test_care_pages_in_each_language_are_accessible_at_phone_width(
    page, seeded, base_url, language, name
):
    log_in(page, "patient@demo.test")
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies([{"name": "lang", "value": language, "url": base_url}])
    PAGES[name](page)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert serious_accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
