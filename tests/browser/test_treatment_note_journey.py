"""A therapist opens yesterday's session from the schedule, writes a treatment note with the
back-pain examination, saves a draft, signs it and adds an addendum; the patient reads the
summary that was shared, never the note."""

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.localtime import local_today
from portal.notes.models import TreatmentNote
from tests.browser.conftest import log_in, log_out, see_what_the_server_wrote
from tests.browser.conftest import serious_accessibility_violations as _axe

SUMMARY = "Your back is stiff but settling. Keep up the walks and the bridge every day."


def test_a_therapist_writes_signs_and_adds_to_a_note(page, seeded, screenshot):
    log_in(page, "therapist.blr@demo.test")
    yesterday = local_today("Asia/Kolkata") - timedelta(days=1)
    page.goto(f"/schedule?day={yesterday.isoformat()}")
    page.get_by_role("link", name=re.compile(r"^Treatment note\W+Suresh Babu")).click()
    expect(page.get_by_role("heading", name="Treatment note")).to_be_visible()

    page.get_by_role("textbox", name="Subjective", exact=True).fill(
        "Stiff every morning for an hour; better by lunch."
    )
    page.get_by_label("Pain now (0–10)").select_option("3")
    page.get_by_label("Numbness in the saddle area").select_option("no")
    page.get_by_label("Flexion Range").select_option("three_quarters")
    page.get_by_label("Left straight-leg raise Angle (°)").fill("70")
    page.get_by_label("Reflexes S1 · ankle, Left").select_option("normal")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_label("Left straight-leg raise Angle (°)")).to_have_value("70")
    assert _axe(page) == []

    # Signing without an assessment and a plan says so next to them and keeps what was typed.
    page.get_by_role("button", name="Sign and lock").click()
    expect(page.get_by_text("Write your assessment before signing.").first).to_be_visible()
    expect(page.get_by_role("textbox", name="Subjective", exact=True)).to_have_value(
        re.compile("Stiff every morning")
    )
    page.get_by_role("textbox", name="Assessment", exact=True).fill(
        "Non-specific low back pain, improving."
    )
    page.get_by_role("textbox", name="Plan", exact=True).fill(
        "Walk 20 min daily; add bird dog next week."
    )
    page.get_by_label("Summary for the patient").fill(SUMMARY)
    page.get_by_label("Share this summary with the patient when I sign").check()
    screenshot("treatment-note-form")
    page.get_by_role("button", name="Sign and lock").click()

    expect(page.get_by_text("Note signed.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Signed\s+by Dr\. Arjun Hegde"))).to_be_visible()
    expect(page.get_by_role("button", name="Continue the draft")).to_have_count(0)
    page.get_by_label("Addendum").fill("Phoned in the evening: stiffness eased after the walk.")
    page.get_by_role("button", name="Sign and add the addendum").click()
    addendum = page.locator("article.addendum")
    expect(addendum).to_contain_text("Signed by Dr. Arjun Hegde (PT)")
    expect(addendum).to_contain_text("stiffness eased after the walk")
    assert _axe(page) == []
    screenshot("treatment-note-signed")
    page.get_by_role("link", name="← Suresh Babu").click()
    notes = page.get_by_role("region", name="Treatment notes")
    expect(notes).to_contain_text("Dr. Arjun Hegde (PT) · signed · 1 addendum")
    screenshot("patient-record-notes")
    log_out(page)

    see_what_the_server_wrote()
    note = db.session.scalar(select(TreatmentNote).where(TreatmentNote.summary == SUMMARY))
    assert note.signed_at is not None and note.findings["slr_left_angle"] == 70
    assert [addendum.body[:7] for addendum in note.addenda] == ["Phoned "]

    log_in(page, "suresh.babu@demo.test")
    page.goto("/appointments")
    expect(page.locator(".shared-summary")).to_contain_text(SUMMARY)
    expect(page.get_by_text("Non-specific low back pain")).to_have_count(0)
    screenshot("appointments-shared-summary")
