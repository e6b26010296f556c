"""Messages in the browser: the patient writes to their therapist, the therapist sees the
unread count, reads and replies; the patient's count goes up, and down once they read it. The
emails say only that a message is waiting."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from tests.browser.conftest import log_in, log_out, see_what_the_server_wrote
from tests.browser.conftest import serious_accessibility_violations as _axe

QUESTION = "Can I do the pelvic tilt on the floor at work, or only on my bed?"
REPLY = "On the floor is fine: use a yoga mat and keep your knees bent."


def _nav_link(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile(rf"^{name}")
    )


def _waiting_emails() -> list[OutgoingEmail]:
    see_what_the_server_wrote()
    query = select(OutgoingEmail).where(OutgoingEmail.kind == "message_waiting")
    return db.session.scalars(query.order_by(OutgoingEmail.id)).all()


def test_the_patient_writes_and_the_therapist_replies(page, seeded, screenshot):
    log_in(page, "patient@demo.test")
    messages = _nav_link(page, "Messages")
    # The demo's latest reply from Dr. Hegde waits unread; on a phone, the menu button says so.
    expect(messages).to_have_text(re.compile(r"^Messages\s*1 unread$"))
    page.set_viewport_size({"width": 390, "height": 900})
    expect(page.get_by_role("button", name="Open menu (1 unread message)")).to_be_visible()
    screenshot("messages-patient-menu-count")
    page.set_viewport_size({"width": 1280, "height": 900})
    messages.click()
    expect(page.get_by_role("heading", level=1, name="Messages")).to_be_visible()
    expect(page.get_by_text("Messages are not for emergencies.")).to_be_visible()
    assert _axe(page) == []
    screenshot("messages-patient-list")

    page.get_by_role("link", name=re.compile("Dr. Arjun Hegde")).click()
    expect(page.get_by_text("Bring your practice notes")).to_be_visible()
    # Opening the thread read the reply: the count is gone from the navigation.
    expect(_nav_link(page, "Messages")).to_have_text("Messages")
    page.get_by_label("Your message").fill(QUESTION)
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Message sent.")).to_be_visible()
    expect(page.locator(".message-mine").last).to_contain_text(QUESTION)
    assert _axe(page) == []
    screenshot("messages-patient-thread")
    log_out(page)

    [email] = [e for e in _waiting_emails() if e.to_email == "therapist.blr@demo.test"]
    assert QUESTION not in email.body and "pelvic" not in email.body.lower()

    log_in(page, "therapist.blr@demo.test")
    # Anita's question (demo) and Rohan's new one.
    inbox = _nav_link(page, "Messages")
    expect(inbox).to_have_text(re.compile(r"^Messages\s*2 unread$"))
    inbox.click()
    rows = page.locator(".thread-row")
    expect(rows.first).to_contain_text("Rohan Kulkarni")
    expect(rows.first).to_contain_text("1 new")
    expect(rows.nth(1)).to_contain_text("Anita Desai")
    assert _axe(page) == []
    screenshot("messages-therapist-inbox")

    rows.first.get_by_role("link").click()
    expect(page.locator(".message-new")).to_contain_text(QUESTION)
    expect(_nav_link(page, "Messages")).to_have_text(re.compile(r"^Messages\s*1 unread$"))
    page.get_by_label("Your message").fill(REPLY)
    page.get_by_role("button", name="Send message").click()
    expect(page.locator(".message-mine").last).to_contain_text(REPLY)
    assert _axe(page) == []
    screenshot("messages-therapist-thread")
    log_out(page)

    emails = [e for e in _waiting_emails() if e.to_email == "patient@demo.test"]
    assert len(emails) == 1 and REPLY not in emails[0].body

    log_in(page, "patient@demo.test")
    messages = _nav_link(page, "Messages")
    expect(messages).to_have_text(re.compile(r"^Messages\s*1 unread$"))
    messages.click()
    expect(page.locator(".thread-row").first).to_contain_text("1 new")
    page.locator(".thread-row").first.get_by_role("link").click()
    expect(page.locator(".message-new")).to_contain_text(REPLY)
    expect(_nav_link(page, "Messages")).to_have_text("Messages")
