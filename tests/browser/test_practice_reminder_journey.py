"""A patient chooses their practice reminder from their account, by keyboard; a reminder's
link turns it off in one click without signing in."""

import re
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.localtime import local_today
from portal.reminders.services import send_due_practice_reminders
from tests.browser.conftest import (
    log_in,
    log_out,
    see_what_the_server_wrote,
    serious_accessibility_violations,
)
from tests.emails import emails_to

KOLKATA = ZoneInfo("Asia/Kolkata")


def test_a_patient_chooses_a_reminder_time_and_stops_it_from_the_email(page, seeded, screenshot):
    log_in(page, "patient@demo.test")
    page.goto("/account")
    page.get_by_role("link", name="Practice reminder").click()
    expect(page.get_by_role("heading", name="Practice reminder")).to_be_visible()
    expect(page.locator("#reminder-status")).to_contain_text("Every day at 7:30 am")
    assert serious_accessibility_violations(page) == []
    screenshot("reminder-settings")

    choice = page.get_by_label("Remind me every day at")
    choice.focus()
    choice.select_option("18:00")  # what arrow keys on the focused list do
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved: a reminder at 6:00 pm")).to_be_visible()
    expect(page.locator("#reminder-status")).to_contain_text("Every day at 6:00 pm")
    expect(choice).to_have_value("18:00")
    screenshot("reminder-saved")
    log_out(page)

    see_what_the_server_wrote()
    tomorrow = local_today(KOLKATA) + timedelta(days=1)
    evening = datetime.combine(tomorrow, time(18, 1), KOLKATA).astimezone(UTC)
    assert send_due_practice_reminders(evening).sent == 1
    db.session.commit()
    [email] = emails_to("patient@demo.test", "practice_reminder")
    assert "6:00 pm (Bengaluru time)" in email.body

    page.goto(urlsplit(email.unsubscribe_url).path)  # signed out, as from a mail app
    expect(page.get_by_role("heading", name="Stop practice reminders?")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    screenshot("reminder-unsubscribe")
    page.get_by_role("button", name="Stop the reminders").click()
    expect(page.get_by_role("heading", name="Practice reminders are off")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    screenshot("reminder-unsubscribed")

    see_what_the_server_wrote()
    patient = db.session.scalars(select(User).where(User.email == "patient@demo.test")).one()
    log_in(page, patient.email)
    page.goto("/account/reminder")
    expect(page.locator("#reminder-status")).to_contain_text("No reminder")
    expect(page.get_by_label("Remind me every day at")).to_have_value("")


def test_a_broken_link_says_what_to_do(page, seeded, screenshot):
    page.goto("/reminders/off/not-a-real-link")
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("turn reminders off"))).to_be_visible()
    screenshot("reminder-link-problem")
