"""A therapist books a six-session course for the demo patient from the plan page: the
proposal shows one clash with its alternatives, the therapist picks one by keyboard, books all
six, and the plan page lists them; the patient has one email with every date."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.booking.models import Appointment, AppointmentSeries, Service
from portal.extensions import db
from portal.localtime import local_today
from portal.notifications.models import OutgoingEmail
from portal.programs.models import TreatmentPlan
from tests.browser.conftest import (
    log_in,
    see_what_the_server_wrote,
    serious_accessibility_violations,
)
from tests.factories import Factories

KOLKATA = ZoneInfo("Asia/Kolkata")


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _a_monday_weeks_ahead():
    """Four weeks on: clear of the demo's own appointments and course."""
    today = local_today("Asia/Kolkata")
    return today + timedelta(days=28 + (7 - today.weekday()) % 7)


def test_a_therapist_books_a_six_session_course_from_the_plan(page, seeded, screenshot):
    therapist, patient = _user("therapist.blr@demo.test"), _user("patient@demo.test")
    plan = db.session.scalars(
        select(TreatmentPlan).where(TreatmentPlan.patient_id == patient.id)
    ).one()
    monday = _a_monday_weeks_ahead()
    thursday = monday + timedelta(days=3)
    # Another patient already has Dr. Sharma at 10:00 on the first Thursday.
    make = Factories()
    service = db.session.scalars(select(Service).where(Service.slug == "follow-up")).one()
    make.appointment(make.patient(name="Priya Raghavan"), therapist,
                     therapist.therapist_profile.centre, service,
                     datetime.combine(thursday, time(10), KOLKATA).astimezone(UTC))  # fmt: skip

    log_in(page, "therapist.blr@demo.test")
    page.goto(f"/therapist/plans/{plan.id}")
    page.get_by_role("link", name="Book the course").click()
    expect(page.get_by_role("heading", name=f"Book the course for {patient.name}")).to_be_visible()
    page.get_by_label("Sessions", exact=True).fill("6")
    page.get_by_label("From").fill(monday.isoformat())
    page.get_by_label("Preferred time").fill("10:00")
    page.get_by_role("button", name="Propose times").click()

    expect(page.get_by_text("1 of 6 needs another time")).to_be_visible()
    second = page.locator("#session-2")
    expect(second).to_contain_text("the therapist has another appointment")
    assert serious_accessibility_violations(page) == []
    screenshot("course-proposal")
    # The first alternative, chosen by keyboard.
    first_alternative = second.get_by_role("radio").first
    first_alternative.focus()
    page.keyboard.press("Space")
    expect(first_alternative).to_be_checked()
    chosen = second.locator("label").first.inner_text()
    page.get_by_role("button", name="Book all 6 sessions").click()

    done = page.get_by_text(re.compile(r"Booked 6 sessions with .*has been emailed"))
    expect(done).to_be_visible()
    booked = page.locator(".course-booked li")
    expect(booked).to_have_count(6)
    expect(booked.nth(1)).to_have_text(chosen)
    screenshot("course-booked-plan")

    see_what_the_server_wrote()
    series = db.session.scalars(
        select(AppointmentSeries).where(AppointmentSeries.patient_id == patient.id)
    ).one()
    sessions = db.session.scalars(select(Appointment).where(Appointment.series_id == series.id))
    assert len(sessions.all()) == 6
    emails = db.session.scalars(
        select(OutgoingEmail.kind).where(OutgoingEmail.to_email == patient.email)
    ).all()
    assert emails.count("series_booked") == 1
