"""A red flag in the browser: the patient is sent to urgent care, the therapist is emailed at
once and finds the patient at the top of the dashboard, in the urgent style, with kind and time."""

import re
from email import message_from_bytes
from email.policy import default

from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from tests.browser.conftest import log_in, log_out, see_what_the_server_wrote
from tests.browser.conftest import serious_accessibility_violations as _axe

SADDLE = "Numbness or tingling around your groin, buttocks or inner thighs"


def _red_flag_emails() -> list[OutgoingEmail]:
    see_what_the_server_wrote()
    return db.session.scalars(select(OutgoingEmail).where(OutgoingEmail.kind == "red_flag")).all()


def test_a_red_flag_reaches_the_therapist_at_the_top_of_the_dashboard(
    page, seeded, screenshot, outbox, run_worker
):
    log_in(page, "patient@demo.test")
    page.goto("/today")
    page.get_by_role("link", name="New or worrying symptoms?").click()
    page.get_by_label(SADDLE).check()
    page.get_by_role("button", name="Send").click()

    expect(page).to_have_url(re.compile(r"/safety/urgent$"))
    expect(page.get_by_role("heading", name="Please get urgent medical care now")).to_be_visible()
    expect(page.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")

    run_worker()  # the page answered first; the worker sends the alert
    [email] = _red_flag_emails()
    assert email.to_email == "therapist.blr@demo.test"
    assert email.sent_at is not None
    sent = message_from_bytes((outbox / f"{email.id:06d}.eml").read_bytes(), policy=default)
    assert sent["Subject"] == "Urgent: red flag reported by Rohan Kulkarni"
    assert "numbness in the saddle area" in sent.get_content()
    log_out(page)

    log_in(page, "therapist.blr@demo.test")
    rows = page.locator(".attention-list > a")
    first = rows.first
    expect(first).to_contain_text("Rohan Kulkarni")
    expect(first).to_have_class(re.compile(r"\battention-red_flag\b"))
    expect(first.locator(".urgent-badge")).to_have_text("Urgent")
    expect(first.locator(".attention-reason")).to_have_text(
        re.compile(r"^Red flag: numbness in the saddle area, \d\d:\d\d today$")
    )
    # Anita's day-old sharp-pain flag comes next, in the ordinary flag style.
    expect(rows.nth(1)).to_contain_text("Anita Desai")
    expect(rows.nth(1)).to_have_class(re.compile(r"\battention-safety_flag\b"))
    expect(rows.nth(1).locator(".attention-reason")).to_have_text(
        re.compile(r"^Sharp pain: stopped GB30 Huantiao, 19:00 yesterday$")
    )
    assert _axe(page) == []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("dashboard-red-flag")

    first.click()
    expect(page.get_by_role("heading", level=1, name="Rohan Kulkarni")).to_be_visible()
    flags = page.get_by_role("region", name="Safety flags")
    urgent = flags.locator("article.safety-flag.is-open.is-urgent")
    expect(urgent).to_have_count(1)
    expect(urgent.locator(".flag-line")).to_have_text(
        re.compile(r"^Urgent Red flag: numbness in the saddle area, \d\d:\d\d today$")
    )
    assert _axe(page) == []
    screenshot("patient-record-red-flag")
