"""The desk's schedule at a city's size: the week counts per therapist, a count opens that
therapist's day, a centre narrows it; all by keyboard, at phone and desktop width."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from portal.centres.models import Centre
from portal.extensions import db
from portal.localtime import local_today
from tests.browser.conftest import log_in
from tests.factories import Factories

KOLKATA = ZoneInfo("Asia/Kolkata")


def _busy_city() -> str:
    """Twelve more Indiranagar therapists with a patient each the day after tomorrow."""
    make = Factories()
    centre = db.session.scalar(select(Centre).where(Centre.slug == "blr-indiranagar"))
    service = make.service("follow-up")
    day = local_today("Asia/Kolkata") + timedelta(days=2)
    start = datetime.combine(day, time(10), KOLKATA).astimezone(UTC)
    for n in range(1, 13):
        therapist = make.therapist(centre, name=f"Dr. Busy {n:02d}")
        make.appointment(make.patient(name=f"Patient Busy {n:02d}"), therapist, centre, service,
                         start)  # fmt: skip
    return day.isoformat()


def test_the_desk_goes_from_the_week_to_one_therapists_day(page, seeded, screenshot):
    day = _busy_city()
    log_in(page, "desk.blr@demo.test")
    page.goto(f"/schedule?day={day}&view=week")
    expect(page.get_by_role("heading", name="Appointments per day")).to_be_visible()
    expect(page.get_by_role("navigation", name="Pages of therapists")).to_be_visible()
    screenshot("desk-schedule-week")
    link = page.get_by_role("link", name=re.compile("1 appointment with Dr. Busy 01"))
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Only Dr. Busy 01")).to_be_visible()
    expect(_move("Patient Busy 01", page)).to_be_visible()
    expect(_move("Patient Busy 02", page)).to_have_count(0)
    screenshot("desk-schedule-one-therapist-day")
    page.get_by_role("link", name="all therapists").click()
    page.get_by_label("Centre").select_option(label="Indiranagar")
    page.get_by_role("button", name="Show").click()
    expect(_move("Patient Busy 01", page)).to_be_visible()
    page.get_by_role("link", name="Next page").click()
    expect(_move("Patient Busy 12", page)).to_be_visible()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?day={day}&centre={_centre_id()}&page=2")
    screenshot("desk-schedule-day-page-2")


def _move(patient, page):
    return page.get_by_role("link", name=re.compile(rf"Move or cancel\W+{patient} "))


def _centre_id() -> int:
    return db.session.scalar(select(Centre.id).where(Centre.slug == "blr-indiranagar"))
