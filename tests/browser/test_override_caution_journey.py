"""A point confirmed despite the screening shows its caution on the patient's card and record."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.localtime import local_today
from portal.programs.queries import load_plans
from portal.programs.services import drafts_from_items, publish_version
from portal.safety.models import FlagKind, SafetyFlag
from tests.browser.conftest import log_in, log_out, see_what_the_server_wrote
from tests.browser.conftest import serious_accessibility_violations as _axe

CAUTION = re.compile(
    r"Caution: Confirmed by Dr\. Arjun Hegde \(PT\) on \d+ \w{3} \d{4} despite: pregnant\."
)


def _confirm_bl60_for(email: str) -> None:
    """What the program editor does when the therapist ticks 'I confirm' on BL60."""
    see_what_the_server_wrote()
    patient = db.session.scalar(select(User).where(User.email == email))
    [plan] = load_plans([patient.id])
    drafts = drafts_from_items(plan.program.versions[-1].items)
    for draft in drafts:
        draft.safety_confirmed = True
    publish_version(plan.program, drafts, local_today("Asia/Kolkata"), plan.therapist)
    db.session.commit()  # the service flushes; its caller (here the test) commits


def test_the_caution_stays_on_the_card_and_the_flag_stays_open(page, seeded, screenshot):
    log_in(page, "anita.desai@demo.test")
    page.goto("/safety/screening")
    page.get_by_role("group", name="Are you pregnant, or could you be?").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("heading", name="Thank you, your answers are saved")).to_be_visible()
    _confirm_bl60_for("anita.desai@demo.test")

    page.goto("/today")
    bl60 = page.get_by_role("listitem", name="BL60 Kunlun")
    expect(bl60.locator(".override-caution")).to_have_text(CAUTION)
    expect(bl60.get_by_role("link", name=re.compile(r"^Start"))).to_have_count(1)
    assert _axe(page) == []
    screenshot("today-override-caution")
    bl60.get_by_role("link", name=re.compile(r"^Start")).click()
    expect(page.locator(".override-caution")).to_have_text(CAUTION)
    log_out(page)

    log_in(page, "therapist.blr@demo.test")
    page.locator(".attention-list > a", has_text="Anita Desai").click()
    cautions = page.get_by_role("region", name="Points assigned despite the screening")
    expect(cautions).to_contain_text("BL60 Kunlun:")
    open_flags = page.get_by_role("region", name="Safety flags").locator("article.is-open")
    expect(open_flags.filter(has_text="Screening: pregnant")).to_have_count(1)
    assert _axe(page) == []
    screenshot("patient-record-override-caution")

    see_what_the_server_wrote()
    screening_flags = db.session.scalars(
        select(SafetyFlag).where(SafetyFlag.kind == FlagKind.SCREENING)
    ).all()
    assert [flag.acknowledged_at for flag in screening_flags] == [None]
