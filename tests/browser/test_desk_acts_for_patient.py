"""The desk registers someone who phoned, books for them, and moves the appointment inside
the 12 h cut-off with a reason the patient is emailed; time off over it asks what to do."""

import re
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.booking.models import Appointment, AppointmentStatus, TimeOff
from portal.centres.models import Centre
from portal.db_types import utcnow
from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from tests.browser.conftest import log_in, see_what_the_server_wrote
from tests.factories import Factories

DR_HEGDE = "Dr. Arjun Hegde (PT)"


def _hegde_works_round_the_clock() -> User:
    """So that times inside the cut-off are free whatever the hour the test runs."""
    hegde = db.session.scalar(select(User).where(User.email == "therapist.blr@demo.test"))
    centre = db.session.scalar(select(Centre).where(Centre.slug == "blr-indiranagar"))
    Factories().working_week(hegde, centre, starts=time(0), ends=time(23, 45))
    return hegde


def _register_farhan(page, screenshot) -> None:
    page.goto("/desk/patients")
    page.get_by_role("link", name="New patient").click()
    expect(page.get_by_role("heading", level=1, name="New patient")).to_be_visible()
    page.get_by_label("Name").fill("Farhan Ali")
    page.get_by_label("Phone number").fill("98860 41234")
    page.get_by_label("Email (optional)").fill("farhan@")
    page.get_by_label("Their centre").select_option(label="Indiranagar")
    page.get_by_role("button", name="Register and book").click()
    email = page.get_by_label("Email (optional)")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_value("farhan@")
    expect(page.get_by_label("Phone number")).to_have_value("98860 41234")
    screenshot("desk-new-patient-error")
    email.fill("farhan.ali@example.com")
    page.get_by_role("button", name="Register and book").click()


def _book_first_free_time(page, screenshot) -> None:
    expect(page.get_by_text("Farhan Ali is registered.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Booking for\s+Farhan Ali"))).to_be_visible()
    page.get_by_label("Physiotherapist").select_option(label=DR_HEGDE)
    page.get_by_role("button", name=re.compile(r"^Follow-up")).click()
    page.locator("a.slot").first.click()
    expect(page.locator("#cutoff-note")).to_contain_text(
        "Farhan Ali cannot move or cancel it online"
    )
    screenshot("desk-confirm-inside-cutoff")
    page.get_by_role("button", name="Book this appointment").click()
    expect(page.get_by_text("Booked for Farhan Ali; they have been emailed.")).to_be_visible()


def test_the_desk_registers_a_caller_books_and_moves_inside_the_cut_off(page, seeded, screenshot):
    _hegde_works_round_the_clock()
    log_in(page, "desk.blr@demo.test")
    _register_farhan(page, screenshot)
    _book_first_free_time(page, screenshot)

    see_what_the_server_wrote()
    farhan = db.session.scalar(select(User).where(User.name == "Farhan Ali"))
    [booked] = db.session.scalars(select(Appointment).where(Appointment.patient_id == farhan.id))
    assert booked.starts_at - utcnow() < timedelta(hours=12)  # inside the cut-off
    page.get_by_role("link", name=re.compile(r"Move or cancel.*Farhan Ali")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Farhan Ali: follow-up session")
    expect(page.get_by_text("can no longer change it online, but you can")).to_be_visible()
    screenshot("desk-appointment")

    # Late in the evening the booked time may be the day's last: ask for tomorrow's free times
    # with the day picker, as the desk would (the move is still inside the cut-off).
    tomorrow = booked.starts_at.astimezone(ZoneInfo("Asia/Kolkata")).date() + timedelta(days=1)
    page.get_by_label("Day", exact=True).fill(tomorrow.isoformat())
    page.get_by_role("button", name="Show free times").click()
    new_time = page.get_by_label("New time")
    new_time.select_option(index=new_time.locator("option").count() - 1)
    chosen = new_time.locator("option:checked").inner_text()
    page.get_by_role("button", name="Move and tell the patient").click()
    expect(page.get_by_label("Reason (the patient is told)").first).to_have_attribute(
        "aria-invalid", "true"
    )
    new_time = page.get_by_label("New time")
    new_time.select_option(label=chosen)
    page.locator("#move-reason").fill("Dr. Hegde is in surgery until noon; moved by phone.")
    page.get_by_role("button", name="Move and tell the patient").click()
    expect(
        page.get_by_text(re.compile(r"^Moved to .*Farhan Ali has been emailed\."))
    ).to_be_visible()

    see_what_the_server_wrote()
    db.session.refresh(booked)
    assert booked.status is AppointmentStatus.BOOKED and booked.sequence == 1
    [moved] = db.session.scalars(
        select(OutgoingEmail).where(OutgoingEmail.appointment_id == booked.id,
                                    OutgoingEmail.kind == "moved")
    ).all()  # fmt: skip
    assert moved.to_email == "farhan.ali@example.com"
    assert "Why: Dr. Hegde is in surgery until noon; moved by phone." in moved.body
    assert b"SEQUENCE:1" in moved.ics


def test_time_off_over_a_booked_appointment_asks_what_to_do(page, seeded, screenshot):
    hegde = _hegde_works_round_the_clock()
    log_in(page, "desk.blr@demo.test")
    _register_farhan(page, screenshot)
    _book_first_free_time(page, screenshot)
    see_what_the_server_wrote()
    [booked] = db.session.scalars(
        select(Appointment).join(User, User.id == Appointment.patient_id)
        .where(User.name == "Farhan Ali")
    ).all()  # fmt: skip
    day = booked.starts_at.astimezone(ZoneInfo("Asia/Kolkata")).date()

    page.goto(f"/rota/{hegde.id}")
    page.locator("#starts_at").fill(f"{day}T00:00")
    page.locator("#ends_at").fill(f"{day}T23:45")
    page.get_by_label("Reason (optional)").fill("Family wedding")
    page.get_by_role("button", name="Add time off").click()
    expect(
        page.get_by_text(re.compile(r"Time off not added yet: it clashes with \d+ booked"))
    ).to_be_visible()
    clash = page.locator("fieldset.clash", has_text="Farhan Ali")
    screenshot("rota-time-off-clashes")
    clash.get_by_label("Keep it: I will move it myself first").check()
    page.get_by_role("button", name="Add time off with these choices").click()
    expect(page.get_by_role("link", name="Move Farhan Ali's appointment")).to_be_visible()
    see_what_the_server_wrote()
    wedding = select(TimeOff).where(TimeOff.reason == "Family wedding")
    assert db.session.scalars(wedding).all() == []
    page.get_by_role("button", name=re.compile(r"^Cancel (all \d+|it) and add time off")).click()
    expect(
        page.get_by_text(re.compile(r"Time off added\. Cancelled and told: .*Farhan Ali"))
    ).to_be_visible()
    see_what_the_server_wrote()
    db.session.refresh(booked)
    assert booked.status is AppointmentStatus.CANCELLED
