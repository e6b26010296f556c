"""An admin keeps the centres and the staff accounts, at a phone's width and a desk's."""

import re

from playwright.sync_api import expect

from portal.db_types import utcnow
from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from tests.browser.conftest import log_in, log_out, serious_accessibility_violations

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _looks_right(page, screenshot, name):
    assert serious_accessibility_violations(page) == []
    original = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{name} scrolls sideways at 390 px"
    page.set_viewport_size(original)
    screenshot(name)


def test_an_admin_adds_a_therapist_who_gets_a_set_password_link(page, seeded, screenshot):
    log_in(page, "admin@demo.test")
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name=re.compile("^Staff accounts")).click()
    expect(page.get_by_role("heading", name="Staff accounts")).to_be_visible()
    _looks_right(page, screenshot, "admin-staff")

    page.get_by_role("link", name="New staff account").click()
    page.get_by_label("Full name").fill("Dr. Priya Menon")
    page.get_by_label("Email").fill("priya.menon@example.com")
    page.get_by_label("Phone (optional)").fill("98450 123")
    page.get_by_label("Makes home visits").check()
    page.get_by_role("button", name="Create and email a set-password link").click()
    # Refused: no centre, a phone too short; both said next to their fields, typing kept.
    expect(page.locator("#centre-error")).to_contain_text("Choose the centre")
    expect(page.locator("#phone-error")).to_contain_text("10 digits")
    expect(page.get_by_label("Full name")).to_have_value("Dr. Priya Menon")
    _looks_right(page, screenshot, "admin-staff-new-refused")

    page.get_by_label("Phone (optional)").fill("98450 12399")
    page.get_by_label("Centre (physiotherapists)").select_option(label="Koramangala, Bengaluru")
    page.get_by_role("button", name="Create and email a set-password link").click()
    expect(page.get_by_text("we emailed priya.menon@example.com a link")).to_be_visible()
    page.get_by_role("link", name=re.compile("Dr. Priya Menon")).click()
    expect(page.get_by_label("Centre (physiotherapists)")).to_have_value(re.compile(r"\d+"))
    _looks_right(page, screenshot, "admin-staff-edit")
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text("Dr. Priya Menon is deactivated and logged out.")).to_be_visible()
    expect(page.get_by_role("button", name="Reactivate")).to_be_visible()


def test_an_admin_turns_online_booking_off_for_a_centre(page, seeded, screenshot):
    page.goto("/book")
    expect(page.get_by_role("link", name=re.compile("Indiranagar"))).to_be_visible()
    log_in(page, "admin@demo.test")
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name=re.compile("^Centres")).click()
    _looks_right(page, screenshot, "admin-centres")
    page.get_by_role("link", name=re.compile("^Indiranagar, Bengaluru")).click()
    page.get_by_label("Sunday opens").fill("10:00")
    page.get_by_label("Sunday closes").fill("09:00")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#closes_6-error")).to_contain_text("must open before it closes")
    _looks_right(page, screenshot, "admin-centre-edit-refused")

    page.get_by_label("Sunday closes").fill("13:00")
    page.get_by_label("Online booking").uncheck()
    page.get_by_role("button", name="Save").click()
    row = page.get_by_role("link", name=re.compile("^Indiranagar, Bengaluru"))
    expect(row).to_contain_text("online booking off")
    expect(row).to_contain_text("Sun 10:00 am – 1:00 pm")
    log_out(page)
    page.goto("/book")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Indiranagar"))).to_have_count(0)


def test_an_admin_sees_an_undeliverable_email_and_tries_again(
    page, seeded, screenshot, smtp_server, run_worker
):
    given_up = OutgoingEmail(
        kind="reminder", to_email="anita.desai@demo.test", subject="Reminder: your appointment",
        body="Dear Anita, …", attempts=14, undeliverable_at=utcnow(), next_attempt_at=None,
        last_error="SMTPRecipientsRefused: {'anita.desai@demo.test': (550, b'Mailbox full')}",
    )  # fmt: skip
    db.session.add(given_up)
    db.session.commit()
    log_in(page, "admin@demo.test")
    page.get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name=re.compile("^Emails")).click()
    expect(page.get_by_role("heading", name="Emails", exact=True)).to_be_visible()
    expect(page.get_by_text("Mailbox full")).to_be_visible()
    expect(page.get_by_text("Dear Anita")).to_have_count(0)  # never the body
    _looks_right(page, screenshot, "admin-emails")

    page.get_by_role("button", name=re.compile("^Try again: Reminder")).click()
    expect(page.get_by_text("is queued to be sent again")).to_be_visible()
    expect(page.get_by_text("No undeliverable emails.")).to_be_visible()
    _looks_right(page, screenshot, "admin-emails-retried")
    run_worker()
    assert smtp_server.subjects() == ["Reminder: your appointment"]
