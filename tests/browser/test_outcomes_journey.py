"""The patient answers the Oswestry questionnaire and sees the result; the therapist
discharges the demo patient and the patient reads (and can print) the summary."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.centres.models import Centre
from portal.extensions import db
from portal.outcomes.odi import SECTIONS
from portal.programs.models import PlanStatus, TreatmentPlan
from tests.browser.conftest import SCREENSHOTS, log_in, log_out, see_what_the_server_wrote
from tests.browser.conftest import serious_accessibility_violations as _violations
from tests.factories import PASSWORD, Factories


def test_the_patient_answers_the_odi_and_sees_the_result(page, seeded, screenshot):
    indiranagar = db.session.scalar(select(Centre).where(Centre.slug == "blr-indiranagar"))
    therapist = db.session.scalar(select(User).where(User.email == "therapist.blr@demo.test"))
    make = Factories()
    kiran = make.patient(name="Kiran Shetty", email="kiran@example.com", centre=indiranagar)
    make.plan(kiran, therapist, [make.item("BRIDGE")])

    log_in(page, "kiran@example.com", PASSWORD)
    page.goto("/progress")
    expect(page.get_by_text("Questionnaire due:")).to_be_visible()
    page.get_by_role("link", name="Answer it now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How your back affects daily life")
    assert _violations(page) == []

    # Sending it half done names what is missing, and keeps what was chosen.
    page.get_by_role("group", name="Pain right now").get_by_label(
        "Right now my pain is fairly bad."
    ).check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("There are 8 problems")
    pain = page.get_by_role("group", name="Pain right now")
    expect(pain.get_by_label("Right now my pain is fairly bad.")).to_be_checked()
    screenshot("outcomes-odi-errors")

    # The keyboard alone answers a section: focus its first sentence, arrow down to the next.
    walking = page.get_by_role("group", name="Walking")
    walking.get_by_label("Pain does not stop me walking as far as I like.").focus()
    page.keyboard.press("ArrowDown")
    expect(walking.get_by_label("Pain stops me walking more than about 1.5 km.")).to_be_checked()
    for section in SECTIONS:
        if section.key in ("pain_intensity", "walking", "sex_life"):
            continue  # answered above; sex life is skipped
        page.get_by_role("group", name=section.title).get_by_label(section.statements[1]).check()
    screenshot("outcomes-odi-form")
    page.get_by_role("button", name="Save my answers").click()

    # 3 + 1 + 7 × 1 = 11 of 45 (sex life skipped): 24 %.
    expect(page.get_by_text("Saved: your score is 24 %.")).to_be_visible()
    expect(page.get_by_text("Questionnaire due:")).to_have_count(0)
    outcomes = page.locator("#outcomes")
    expect(outcomes).to_contain_text("24% on")
    expect(outcomes).to_contain_text("Ostelo et al., Spine 2008")
    assert _violations(page) == []
    screenshot("outcomes-progress-after-odi")


def test_the_therapist_discharges_and_the_patient_reads_the_summary(page, seeded, screenshot):
    log_in(page, "therapist.blr@demo.test")
    page.goto("/therapist/patients")
    page.get_by_role("link", name=re.compile(r"^Rohan Kulkarni")).first.click()
    expect(page.locator("#outcomes")).to_contain_text("18 points better since the start (42 → 24)")
    screenshot("outcomes-therapist-record")
    page.get_by_role("link", name="Non-specific low back pain after long hours at a desk").click()
    page.get_by_role("link", name="Discharge", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Discharge")
    advice = page.get_by_label("What to keep doing at home")
    expect(advice).to_contain_text("BL23 Shenshu")
    page.get_by_label("Summary for the patient (optional)").fill(
        "You can now sit through a working day. Keep the bridge and walks going; "
        "book a follow-up if the pain comes back above 4/10."
    )
    assert _violations(page) == []
    screenshot("outcomes-discharge-form")
    page.get_by_role("button", name="Discharge and complete the plan").click()
    expect(page.get_by_text("Discharged. The plan is completed")).to_be_visible()
    see_what_the_server_wrote()
    plan = db.session.scalar(select(TreatmentPlan).join(TreatmentPlan.patient).where(
        User.email == "patient@demo.test"))  # fmt: skip
    assert plan.status is PlanStatus.COMPLETED
    log_out(page)

    log_in(page, "patient@demo.test")
    page.goto("/progress")
    page.get_by_role("link", name="Read your discharge summary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Discharge summary")
    summary = page.locator(".discharge-summary")
    expect(summary).to_contain_text("You can now sit through a working day.")
    expect(summary).to_contain_text("18 points better since the start (42 → 24)")
    expect(summary).to_contain_text("BL23 Shenshu")
    assert _violations(page) == []
    screenshot("outcomes-discharge-summary")

    # On paper: A4, no navigation or buttons, the outcomes table kept whole.
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.locator("header").first).to_be_hidden()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=SCREENSHOTS / "outcomes-discharge-summary-print.png", full_page=True)
    pdf = page.pdf(path=str(SCREENSHOTS / "outcomes-discharge-summary.pdf"),
                   prefer_css_page_size=True)  # fmt: skip
    assert pdf.startswith(b"%PDF")
