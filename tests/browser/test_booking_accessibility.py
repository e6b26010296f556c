"""The booking and home-visit pages pass axe (no serious or critical violations), and a time
can be chosen with the keyboard alone."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.centres.models import City
from portal.contact.models import PreferredTime
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest
from portal.localtime import local_today
from tests.browser.conftest import log_in as _log_in
from tests.browser.conftest import serious_accessibility_violations

KOLKATA = ZoneInfo("Asia/Kolkata")
TIME_PAGE = "/book/blr-indiranagar/new-consultation/"


def _by_email(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _next_weekday_at(hour: int) -> datetime:
    """Two or more days ahead, Monday to Friday, at `hour` in Kolkata (in working hours)."""
    day = local_today("Asia/Kolkata") + timedelta(days=2)
    while day.weekday() > 4:
        day += timedelta(days=1)
    return datetime.combine(day, time(hour), KOLKATA).astimezone(UTC)


@pytest.mark.parametrize(
    "path",
    ["/book", "/book/blr-indiranagar/", TIME_PAGE, f"{TIME_PAGE}?therapist=any", "/home-visit"],
)
def test_booking_pages_have_no_serious_accessibility_violations(page, seeded, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_a_time_page_with_a_chosen_day_stays_accessible(page, seeded):
    page.goto(TIME_PAGE)
    page.locator('nav[aria-label="Days"] a').last.click()
    expect(page.locator("a.slot").first).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_the_confirm_page_and_appointments_stay_accessible(page, seeded):
    _log_in(page, "patient@demo.test")  # the demo gives Rohan an appointment in two days

    page.goto(TIME_PAGE)
    page.locator("a.slot").first.click()
    expect(page.get_by_role("heading", level=1, name="Confirm your appointment")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.goto("/appointments")
    expect(page.locator(".appointment-row").first).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_the_home_visit_form_with_errors_stays_accessible(page, seeded):
    page.goto("/home-visit")
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator(".invalid-feedback")).not_to_have_count(0)
    assert page.locator(".invalid-feedback").count() >= 6
    assert serious_accessibility_violations(page) == []

    # The pincode is the last check: with the rest right, the areas served are listed.
    tomorrow = local_today("Asia/Kolkata") + timedelta(days=1)
    page.get_by_label("Name of the person to visit").fill("Kamala Srinivasan")
    page.get_by_label("Phone number").fill("98450 77312")
    page.get_by_label("Address").fill("Flat 3B, 5th Cross, HAL 2nd Stage")
    page.get_by_label("Pincode").fill("560099")
    page.get_by_label("City").select_option(label="Bengaluru")
    page.get_by_label("From", exact=True).fill(tomorrow.isoformat())
    page.get_by_label("Until", exact=True).fill(tomorrow.isoformat())
    page.get_by_label("What is the problem?").fill("Cannot climb stairs after surgery.")
    page.get_by_label(re.compile(r"^I agree that the clinic may contact me")).check()
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_text("We don't visit that area yet.")).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_the_desk_home_visit_pages_stay_accessible(page, seeded):
    tomorrow = local_today("Asia/Kolkata") + timedelta(days=1)
    request = HomeVisitRequest(
        name="Kamala Srinivasan",
        phone="+919845077312",
        address="Flat 3B, 5th Cross, HAL 2nd Stage",
        pincode="560038",
        city=db.session.scalar(select(City).where(City.slug == "bengaluru")),
        earliest_date=tomorrow,
        latest_date=tomorrow + timedelta(days=3),
        preferred_time=PreferredTime.ANY,
        reason="Cannot climb stairs after a hip replacement.",
    )
    db.session.add(request)
    db.session.commit()
    _log_in(page, "desk.blr@demo.test")

    page.goto("/desk/home-visits")
    expect(page.get_by_role("link", name=re.compile(r"^Kamala Srinivasan"))).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.goto(f"/desk/home-visits/{request.id}")
    expect(page.get_by_role("button", name="Book this visit")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_role("button", name="Decline the request").click()  # without a reason
    expect(page.get_by_text("Give the reason.")).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_a_time_is_chosen_with_the_keyboard_alone(page, seeded):
    _log_in(page, "patient@demo.test")
    page.goto(TIME_PAGE)
    first_slot = page.locator("a.slot").first
    expect(first_slot).to_be_visible()
    target = first_slot.get_attribute("href")

    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('slot')"):
            break
    else:
        pytest.fail("Tab never reached a time slot")
    focused = page.locator("a.slot:focus")
    expect(focused).to_have_attribute("href", target)  # the first time, before any other
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    label = focused.inner_text().strip()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/book/blr-indiranagar/new-consultation/confirm\?"))
    expect(page.get_by_role("heading", level=1, name="Confirm your appointment")).to_be_visible()
    expect(page.locator(".booking-summary")).to_contain_text(label)
