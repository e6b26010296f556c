import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal.contact.models import CallbackRequest, CallbackStatus
from portal.extensions import db
from tests.browser.conftest import log_in as _log_in


def _request_call_back(page, name, city):
    page.goto("/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Phone number").fill("99590 12347")
    page.get_by_label("City").select_option(label=city)
    page.get_by_label(re.compile("I agree that the clinic may call me")).check()
    page.get_by_role("button", name="Call me back").click()
    expect(page.get_by_role("heading", name="Thank you, we'll call you")).to_be_visible()


def test_the_right_desk_sees_a_request_and_works_it(page, seeded, screenshot):
    _request_call_back(page, "Sameer Qureshi", "Hyderabad")

    _log_in(page, "desk.blr@demo.test")
    expect(page).to_have_url(re.compile(r"/desk/$"))
    expect(page.get_by_role("heading", name="Call-back requests")).to_be_visible()
    expect(page.get_by_text("Sameer Qureshi")).to_have_count(0)
    page.get_by_role("button", name="Log out").click()

    _log_in(page, "desk.hyd@demo.test")
    card = page.locator(".callback-row", has_text="Sameer Qureshi")
    expect(card).to_be_visible()
    expect(card.get_by_role("link", name="+91 99590 12347")).to_have_attribute(
        "href", "tel:+919959012347"
    )
    screenshot("desk-inbox")
    card.get_by_role("button", name="Mark contacted: Sameer Qureshi").click()
    expect(page.get_by_text("Sameer Qureshi's request is now marked contacted.")).to_be_visible()
    expect(page.locator(".callback-row", has_text="Sameer Qureshi")).to_have_count(0)

    page.get_by_role("link", name=re.compile("^Contacted")).click()
    expect(page.locator(".callback-row", has_text="Sameer Qureshi")).to_contain_text(
        "Marked contacted by Sravani Reddy"
    )
    screenshot("desk-inbox-contacted")

    stored = db.session.scalar(
        select(CallbackRequest).where(CallbackRequest.name == "Sameer Qureshi")
    )
    assert stored.status is CallbackStatus.CONTACTED
