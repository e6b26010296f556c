"""A visitor books a consultation in four steps, creating an account inside the flow, then
moves and cancels it; a patient who loses a slot to someone faster is offered the nearest."""

import re
from datetime import date, datetime, timedelta
from email import message_from_bytes
from email.policy import default
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.booking.models import Appointment, AppointmentStatus, Service
from portal.booking.presenters import when
from portal.centres.models import Centre
from portal.extensions import db
from portal.localtime import local_today
from portal.notifications.models import OutgoingEmail
from tests.browser.conftest import log_in as _log_in
from tests.browser.conftest import see_what_the_server_wrote as _see_what_the_server_wrote
from tests.emails import link_in_last_email
from tests.factories import Factories

KOLKATA = "Asia/Kolkata"


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def _choose_open_day(page, not_before: date) -> date:
    """Clicks the first open day in the strip on or after `not_before` (closed days are
    spans, not links), and returns it."""
    for chip in page.locator('nav[aria-label="Days"] a').all():
        day = date.fromisoformat(_query(chip.get_attribute("href"))["day"])
        if day >= not_before:
            chip.click()
            expect(page.get_by_role("heading", level=2, name=f"{day:%A %d %B}")).to_be_visible()
            expect(page.locator(".day-chip.is-chosen")).to_have_attribute("aria-current", "date")
            return day
    raise AssertionError(f"no open day from {not_before} in the day strip")


def _slot(link) -> tuple[datetime, str]:
    """A time button's instant (UTC, from its link) and its label."""
    start = datetime.fromisoformat(_query(link.get_attribute("href"))["start"])
    return start, link.inner_text().strip()


def _emails(appointment_id: int, kind: str) -> list[OutgoingEmail]:
    return db.session.scalars(
        select(OutgoingEmail).where(
            OutgoingEmail.appointment_id == appointment_id, OutgoingEmail.kind == kind
        )
    ).all()


def _eml(outbox, email: OutgoingEmail):
    message = message_from_bytes((outbox / f"{email.id:06d}.eml").read_bytes(), policy=default)
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    return message


def test_a_visitor_books_signs_up_in_the_flow_then_moves_and_cancels(
    page, seeded, screenshot, outbox, run_worker
):
    # Two days ahead at least: clear of the 2-hour lead time and of the 12-hour cut-off.
    not_before = local_today(KOLKATA) + timedelta(days=2)

    # Step 1: the centre.
    page.goto("/book")
    expect(
        page.get_by_role("heading", level=1, name="Where would you like to come?")
    ).to_be_visible()
    expect(
        page.get_by_role("list", name="Booking steps").locator("[aria-current=step]")
    ).to_have_text(re.compile(r"1\s+Centre"))
    screenshot("booking-1-centre")
    page.get_by_role("link", name=re.compile(r"^Indiranagar")).click()

    # Step 2: the service, with any available physiotherapist.
    expect(page.get_by_role("heading", level=1, name="What do you need?")).to_be_visible()
    expect(page.get_by_text("Indiranagar, Bengaluru")).to_be_visible()
    therapist = page.get_by_label("Physiotherapist")
    expect(therapist.locator("option:checked")).to_have_text("Any available")
    expect(therapist.locator("option")).to_have_text(
        ["Any available", "Dr. Arjun Hegde (PT)", "Dr. Kavya Menon (PT)"]
    )
    screenshot("booking-2-service")
    page.get_by_role("button", name=re.compile(r"^New consultation")).click()

    # Step 3: a day that is open, and its first time.
    expect(page.get_by_role("heading", level=1, name="Choose a day and time")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"New consultation \(45 min\) at Indiranagar"))
    ).to_be_visible()
    day = _choose_open_day(page, not_before)
    slot = page.locator("a.slot").first
    starts_at, label = _slot(slot)
    assert starts_at.astimezone(ZoneInfo(KOLKATA)).date() == day
    shown = when(starts_at, KOLKATA)  # 'Wed 26 Nov, 8:00 am', as the next pages show it
    assert shown.endswith(f", {label}")
    screenshot("booking-3-time")
    slot.click()

    # Confirming needs a patient: log in, or create an account, and come back.
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_text("Please log in to see that page.")).to_be_visible()
    page.get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(re.compile(r"/register\?next=.*confirm"))
    page.get_by_label("Full name").fill("Priya Raman")
    page.get_by_label("Email").fill("priya.raman@example.com")
    page.get_by_label("Mobile number").fill("98860 11223")
    page.get_by_label("Your centre").select_option(label="Indiranagar")
    page.get_by_label(re.compile(r"^I have read the privacy notice")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    # The emailed link: choose a password, and the flow goes on where it was.
    _see_what_the_server_wrote()
    page.goto(link_in_last_email("priya.raman@example.com", "sign_up"))
    page.get_by_label("Password", exact=True).fill("a slow walk by Ulsoor lake")
    page.get_by_label("Password again").fill("a slow walk by Ulsoor lake")
    page.get_by_role("button", name="Create my account").click()

    # Step 4: back on the confirm page with the chosen time.
    expect(page).to_have_url(re.compile(r"/book/blr-indiranagar/new-consultation/confirm\?"))
    expect(page.get_by_text("Welcome, Priya Raman. Your account is ready.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Confirm your appointment")).to_be_visible()
    summary = page.locator(".booking-summary")
    expect(summary).to_contain_text("New consultation (45 minutes)")
    expect(summary).to_contain_text(f"{shown} (Bengaluru time)")
    expect(summary).to_contain_text("Indiranagar centre")
    screenshot("booking-4-confirm")
    page.get_by_role("button", name="Book this appointment").click()

    expect(page).to_have_url(re.compile(r"/appointments\?booked=\d+$"))
    expect(page.get_by_text("Your appointment is booked.")).to_be_visible()
    row = page.locator(".appointment-row")
    expect(row).to_have_count(1)
    expect(row.get_by_role("heading", level=3)).to_have_text(shown)
    expect(row).to_contain_text("New consultation with Dr.")
    expect(row).to_contain_text("Indiranagar centre")
    screenshot("booking-appointments")

    _see_what_the_server_wrote()
    priya = db.session.scalar(select(User).where(User.email == "priya.raman@example.com"))
    [appointment] = db.session.scalars(
        select(Appointment).where(Appointment.patient_id == priya.id)
    ).all()
    appointment_id = appointment.id
    assert appointment.starts_at == starts_at
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=45)
    assert appointment.status is AppointmentStatus.BOOKED
    assert appointment.centre.slug == "blr-indiranagar"
    assert appointment.sequence == 0
    run_worker()
    [booked] = _emails(appointment_id, "booked")
    assert booked.to_email == "priya.raman@example.com"
    assert booked.sent_at is not None
    assert b"BEGIN:VCALENDAR" in booked.ics
    assert b"METHOD:REQUEST" in booked.ics
    assert "Your appointment is booked" in _eml(outbox, booked)["Subject"]

    # Move it to another time on the same day, with the same physiotherapist.
    row.get_by_role("link", name=f"Move the appointment on {shown}").click()
    expect(page.get_by_role("heading", level=1, name="Choose a day and time")).to_be_visible()
    assert _query(page.url)["reschedule"] == str(appointment_id)
    assert _query(page.url)["therapist"] == str(appointment.therapist_id)
    _choose_open_day(page, day)
    later = page.locator("a.slot").last
    moved_to, _ = _slot(later)
    assert moved_to != starts_at
    moved_shown = when(moved_to, KOLKATA)
    later.click()
    expect(page.get_by_role("heading", level=1, name="Move your appointment")).to_be_visible()
    expect(page.locator(".booking-summary")).to_contain_text(f"{moved_shown} (Bengaluru time)")
    screenshot("booking-move-confirm")
    page.get_by_role("button", name="Move my appointment").click()

    expect(page).to_have_url(re.compile(r"/appointments\?booked=\d+$"))
    expect(page.get_by_text("Your appointment is moved.")).to_be_visible()
    expect(row).to_have_count(1)
    expect(row.get_by_role("heading", level=3)).to_have_text(moved_shown)

    _see_what_the_server_wrote()
    [moved] = db.session.scalars(select(Appointment).where(Appointment.patient_id == priya.id))
    assert moved.id == appointment_id
    assert moved.sequence == 1
    assert moved.starts_at == moved_to
    assert moved.status is AppointmentStatus.BOOKED
    run_worker()
    [moved_email] = _emails(appointment_id, "moved")
    assert moved_email.sent_at is not None
    assert b"SEQUENCE:1" in moved_email.ics
    assert "has moved to" in _eml(outbox, moved_email)["Subject"]

    # Cancel it.
    row.get_by_role("link", name=f"Cancel the appointment on {moved_shown}").click()
    expect(page.get_by_role("heading", name="Cancel this appointment?")).to_be_visible()
    screenshot("booking-cancel-confirm")
    page.get_by_role("button", name="Yes, cancel it").click()
    expect(page.get_by_text("Your appointment is cancelled.")).to_be_visible()
    expect(page.get_by_text("No appointments coming up.")).to_be_visible()
    expect(page.get_by_role("heading", name="Earlier and cancelled")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=moved_shown)).to_contain_text("cancelled")
    screenshot("booking-appointments-cancelled")

    _see_what_the_server_wrote()
    cancelled = db.session.get(Appointment, appointment_id)
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert cancelled.sequence == 2
    run_worker()
    [cancelled_email] = _emails(appointment_id, "cancelled")
    assert b"METHOD:CANCEL" in cancelled_email.ics
    assert b"STATUS:CANCELLED" in cancelled_email.ics
    assert _eml(outbox, cancelled_email)["Subject"].endswith("is cancelled")


def test_a_taken_slot_offers_alternatives(page, seeded, screenshot, outbox):
    indiranagar = db.session.scalar(select(Centre).where(Centre.slug == "blr-indiranagar"))
    arjun = db.session.scalar(select(User).where(User.email == "therapist.blr@demo.test"))
    anita = db.session.scalar(select(User).where(User.email == "anita.desai@demo.test"))
    consultation = db.session.scalar(select(Service).where(Service.slug == "new-consultation"))
    rohan_id = db.session.scalar(select(User.id).where(User.email == "patient@demo.test"))

    _log_in(page, "patient@demo.test")
    page.goto("/book/blr-indiranagar/")
    page.get_by_label("Physiotherapist").select_option(label="Dr. Arjun Hegde (PT)")
    page.get_by_role("button", name=re.compile(r"^New consultation")).click()
    _choose_open_day(page, local_today(KOLKATA) + timedelta(days=1))
    slot = page.locator("a.slot").nth(2)
    wanted, _ = _slot(slot)
    slot.click()
    expect(page.get_by_role("heading", level=1, name="Confirm your appointment")).to_be_visible()

    # Someone else takes the time while Rohan reads the summary.
    _see_what_the_server_wrote()
    Factories().appointment(anita, arjun, indiranagar, consultation, wanted)

    page.get_by_role("button", name="Book this appointment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, that time was just taken.")
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("The nearest free times:")
    alternatives = warning.locator("a.slot")
    expect(alternatives.first).to_be_visible()
    assert 1 <= alternatives.count() <= 4
    expect(page.get_by_role("button", name="Book this appointment")).to_have_count(0)
    expect(
        alternatives.filter(has_text=re.compile(rf"{re.escape(when(wanted, KOLKATA))}$"))
    ).to_have_count(0)
    screenshot("booking-taken")
    instead, _ = _slot(alternatives.first)
    assert instead != wanted
    alternatives.first.click()

    expect(page.get_by_role("heading", level=1, name="Confirm your appointment")).to_be_visible()
    expect(page.locator(".booking-summary")).to_contain_text(when(instead, KOLKATA))
    page.get_by_role("button", name="Book this appointment").click()
    expect(page.get_by_text("Your appointment is booked.")).to_be_visible()
    expect(page.locator(".appointment-row h3", has_text=when(instead, KOLKATA))).to_be_visible()

    _see_what_the_server_wrote()
    mine = db.session.scalar(
        select(Appointment).where(
            Appointment.patient_id == rohan_id, Appointment.starts_at == instead
        )
    )
    assert mine.starts_at == instead
    assert mine.therapist_id == arjun.id
    assert mine.status is AppointmentStatus.BOOKED
    assert len(_emails(mine.id, "booked")) == 1
