"""A guest asks for a home visit (first from an area not served), and the city's desk books
it with a therapist who does home visits; the other city's desk never sees it."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.booking.models import AppointmentStatus
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest, VisitRequestStatus
from portal.localtime import local_today
from portal.notifications.models import OutgoingEmail
from tests.browser.conftest import log_in as _log_in
from tests.browser.conftest import log_out as _log_out
from tests.browser.conftest import see_what_the_server_wrote as _see_what_the_server_wrote

NAME = "Kamala Srinivasan"
ADDRESS = "Flat 3B, Lakshmi Residency, 5th Cross, HAL 2nd Stage, near the water tank"
REASON = "My mother had a hip replacement last month and cannot climb stairs yet."


def test_a_guest_requests_a_home_visit_and_the_desk_schedules_it(
    page, seeded, screenshot, outbox, run_worker
):
    tomorrow = local_today("Asia/Kolkata") + timedelta(days=1)
    until = tomorrow + timedelta(days=3)  # four days: at least three of them working days

    # The guest first gives a pincode the clinic does not visit.
    page.goto("/home-visit")
    expect(page.get_by_role("heading", level=1, name="Request a home visit")).to_be_visible()
    page.get_by_label("Name of the person to visit").fill(NAME)
    page.get_by_label("Phone number").fill("98450 77312")
    page.get_by_label("Email (optional)").fill("kamala.s@example.com")
    page.get_by_label("Address").fill(ADDRESS)
    page.get_by_label("Pincode").fill("560099")
    page.get_by_label("City").select_option(label="Bengaluru")
    page.get_by_label("From", exact=True).fill(tomorrow.isoformat())
    page.get_by_label("Until", exact=True).fill(until.isoformat())
    page.get_by_role("group", name="Best time of day").get_by_label(
        "Morning (9 am – 12 noon)"
    ).check()
    page.get_by_label("What is the problem?").fill(REASON)
    page.get_by_label(re.compile(r"^I agree that the clinic may contact me")).check()
    page.get_by_role("button", name="Send my request").click()

    not_served = page.get_by_role("alert").filter(has_text="We don't visit that area yet.")
    expect(not_served).to_contain_text("In Bengaluru we visit:")
    for area in ("Indiranagar (560038)", "Koramangala (560034)", "HSR Layout (560102)"):
        expect(not_served).to_contain_text(area)
    expect(not_served.get_by_role("link", name="ask us to call you")).to_have_attribute(
        "href", "/contact"
    )
    expect(not_served.get_by_role("link", name="book at a centre")).to_have_attribute(
        "href", "/book"
    )
    pincode = page.get_by_label("Pincode")
    expect(pincode).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#pincode-error")).to_have_text("We don't make home visits in 560099 yet.")
    # Everything typed is still there.
    expect(page.get_by_label("Name of the person to visit")).to_have_value(NAME)
    expect(page.get_by_label("Phone number")).to_have_value("98450 77312")
    expect(page.get_by_label("Email (optional)")).to_have_value("kamala.s@example.com")
    expect(page.get_by_label("Address")).to_have_value(ADDRESS)
    expect(pincode).to_have_value("560099")
    expect(page.get_by_label("City")).to_have_value("bengaluru")
    expect(page.get_by_label("From", exact=True)).to_have_value(tomorrow.isoformat())
    expect(page.get_by_label("Until", exact=True)).to_have_value(until.isoformat())
    expect(page.get_by_label("Morning (9 am – 12 noon)")).to_be_checked()
    expect(page.get_by_label("What is the problem?")).to_have_value(REASON)
    expect(
        page.get_by_label(re.compile(r"^I agree that the clinic may contact me"))
    ).to_be_checked()
    screenshot("home-visit-not-served")
    _see_what_the_server_wrote()
    assert db.session.scalar(select(HomeVisitRequest).where(HomeVisitRequest.name == NAME)) is None

    # A pincode that is served goes through.
    pincode.fill("560038")
    page.get_by_role("button", name="Send my request").click()
    expect(page).to_have_url(re.compile(r"/home-visit/thanks$"))
    expect(page.get_by_role("heading", name="We have your request")).to_be_visible()
    expect(page.get_by_text("Our Bengaluru desk will call +91 98450 77312")).to_be_visible()
    screenshot("home-visit-thanks")
    _see_what_the_server_wrote()
    request = db.session.scalar(select(HomeVisitRequest).where(HomeVisitRequest.name == NAME))
    request_id = request.id
    assert request.status is VisitRequestStatus.NEW
    assert request.phone == "+919845077312"

    # Hyderabad's desk neither lists it nor opens it.
    _log_in(page, "desk.hyd@demo.test")
    page.get_by_role("link", name="Home visits").click()
    expect(page.get_by_role("heading", level=1, name="Home-visit requests")).to_be_visible()
    expect(page.get_by_text(NAME)).to_have_count(0)
    response = page.goto(f"/desk/home-visits/{request_id}")
    assert response.status == 404
    _log_out(page)

    # Bengaluru's desk books the first time offered.
    _log_in(page, "desk.blr@demo.test")
    page.get_by_role("link", name="Home visits").click()
    expect(page.get_by_role("link", name="New", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    listed = page.get_by_role("link", name=re.compile(rf"^{NAME} · 560038, Bengaluru"))
    expect(listed).to_be_visible()
    listed.click()
    expect(page.get_by_role("heading", level=1, name=f"Home visit for {NAME}")).to_be_visible()
    details = page.locator(".booking-summary")
    expect(details).to_contain_text(f"{ADDRESS}, 560038, Bengaluru")
    expect(details).to_contain_text("Morning (9 am – 12 noon)")
    expect(details.get_by_role("link", name="+91 98450 77312")).to_have_attribute(
        "href", "tel:+919845077312"
    )
    times = page.get_by_label(re.compile(r"^Therapist and time"))
    first = times.locator("option").first
    therapist_id, starts = first.get_attribute("value").split("@")
    starts_at = datetime.fromisoformat(starts)
    expect(first).to_contain_text("Dr. Arjun Hegde (PT)")
    expect(times).to_have_value(first.get_attribute("value"))  # chosen unless changed
    screenshot("desk-home-visit")
    page.get_by_role("button", name="Book this visit").click()

    expect(page).to_have_url(re.compile(r"/desk/home-visits$"))
    expect(
        page.get_by_text(f"Visit booked with Dr. Arjun Hegde (PT). {NAME} has been told.")
    ).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(rf"^{NAME}"))).to_have_count(0)
    page.get_by_role("link", name="Scheduled", exact=True).click()
    expect(page.get_by_role("link", name=re.compile(rf"^{NAME}"))).to_be_visible()

    _see_what_the_server_wrote()
    request = db.session.get(HomeVisitRequest, request_id)
    assert request.status is VisitRequestStatus.SCHEDULED
    assert db.session.get(User, request.handled_by_id).email == "desk.blr@demo.test"
    visit = request.appointment
    zone = ZoneInfo(request.city.timezone)
    assert visit.buffer_minutes == 30
    assert visit.home_address == f"{ADDRESS}, 560038"
    assert visit.starts_at == starts_at
    assert visit.ends_at - visit.starts_at == timedelta(minutes=60)
    assert visit.therapist_id == int(therapist_id)
    assert visit.therapist.email == "therapist.blr@demo.test"
    assert visit.status is AppointmentStatus.BOOKED
    assert tomorrow <= visit.starts_at.astimezone(zone).date() <= until
    assert 9 <= visit.starts_at.astimezone(zone).hour < 12
    patient = db.session.get(User, visit.patient_id)
    assert patient.email == "kamala.s@example.com"
    [email] = db.session.scalars(
        select(OutgoingEmail).where(OutgoingEmail.appointment_id == visit.id)
    ).all()
    assert email.kind == "booked"
    assert email.to_email == "kamala.s@example.com"
    run_worker()
    assert (outbox / f"{email.id:06d}.eml").exists()
    [event] = Calendar.from_ical(email.ics).walk("VEVENT")
    assert str(event["LOCATION"]) == f"{ADDRESS}, 560038"
