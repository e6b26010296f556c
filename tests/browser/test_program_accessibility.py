"""The home-program pages pass axe for patients and therapists; a red flag reaches the therapist."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.safety.models import FlagKind, SafetyFlag
from tests.browser.conftest import log_in as _log_in
from tests.browser.conftest import log_out, serious_accessibility_violations
from tests.browser.conftest import see_what_the_server_wrote as _see_what_the_server_wrote


def _practice_page(page):
    page.goto("/today")
    page.get_by_role("link", name=re.compile(r"^Start")).first.click()
    expect(page.get_by_role("region", name="Guided timer")).to_be_visible()


def _therapist_patient_page(page):
    page.goto("/therapist/")
    page.locator(".attention-list > a", has_text="Rohan Kulkarni").click()
    expect(page.get_by_role("heading", level=1, name="Rohan Kulkarni")).to_be_visible()


def _plan_page(page):
    _therapist_patient_page(page)
    page.get_by_role("region", name="Plans", exact=True).get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Home program in force today")).to_be_visible()


def _program_editor(page):
    _plan_page(page)
    page.get_by_role("link", name="Edit home program").click()
    expect(page.get_by_role("button", name="Publish program")).to_be_visible()


def _goto(path):
    def visit(page):
        page.goto(path)

    return visit


PAGES = [
    ("patient@demo.test", "today", _goto("/today")),
    ("patient@demo.test", "practice", _practice_page),
    ("patient@demo.test", "progress", _goto("/progress")),
    ("patient@demo.test", "screening", _goto("/safety/screening")),
    ("patient@demo.test", "symptoms", _goto("/safety/symptoms")),
    ("anita.desai@demo.test", "today-with-open-flag", _goto("/today")),
    ("therapist.blr@demo.test", "dashboard", _goto("/therapist/")),
    ("therapist.blr@demo.test", "patient", _therapist_patient_page),
    ("therapist.blr@demo.test", "plan", _plan_page),
    ("therapist.blr@demo.test", "program-editor", _program_editor),
]


@pytest.mark.parametrize(
    ("email", "visit"),
    [pytest.param(email, visit, id=name) for email, name, visit in PAGES],
)
def test_program_pages_have_no_serious_accessibility_violations(page, seeded, email, visit):
    _log_in(page, email)
    visit(page)
    assert serious_accessibility_violations(page) == []


def test_practice_page_with_the_timer_finished_stays_accessible(page, seeded):
    _log_in(page, "patient@demo.test")
    page.clock.install()
    _practice_page(page)
    timer = page.get_by_role("region", name="Guided timer")
    timer.get_by_role("button", name="Start").click()
    page.clock.run_for(600_000)
    expect(timer.get_by_text("Well done. How is your pain now?")).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_a_red_flag_sends_the_patient_for_urgent_care_and_tells_the_therapist(
    page, seeded, screenshot
):
    rohan_id = db.session.scalar(select(User.id).where(User.email == "patient@demo.test"))

    _log_in(page, "patient@demo.test")
    page.goto("/safety/symptoms")
    page.get_by_label("Fever or feeling very unwell along with your back pain").check()
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(r"/safety/urgent$"))
    expect(page.get_by_role("heading", name="Please get urgent medical care now")).to_be_visible()
    expect(page.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")
    assert serious_accessibility_violations(page) == []
    screenshot("red-flag-urgent")

    _see_what_the_server_wrote()
    [flag] = db.session.scalars(select(SafetyFlag).where(SafetyFlag.patient_id == rohan_id)).all()
    assert flag.kind is FlagKind.RED_FLAG
    assert flag.acknowledged_at is None
    assert "fever or feeling very unwell" in flag.details
    # Logging out waits for the phone to forget what it kept: let it finish first.
    log_out(page)

    _log_in(page, "therapist.blr@demo.test")
    rohan_row = page.locator(".attention-list > a", has_text="Rohan Kulkarni")
    expect(rohan_row.locator(".attention-reason")).to_have_text(
        re.compile(r"^Red flag: fever with back pain, \d\d:\d\d today$")
    )
    expect(rohan_row).to_have_class(re.compile(r"\battention-red_flag\b"))
    rohan_row.click()
    open_flag = page.get_by_role("region", name="Safety flags").locator(".safety-flag.is-open")
    expect(open_flag).to_contain_text("Red flag: fever with back pain")
    expect(open_flag).to_contain_text("fever or feeling very unwell along with your back pain")


def test_ticking_nothing_is_not_an_emergency(page, seeded):
    _log_in(page, "patient@demo.test")
    page.goto("/safety/symptoms")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you for checking")).to_be_visible()
    _see_what_the_server_wrote()
    assert (
        db.session.scalar(select(SafetyFlag.id).where(SafetyFlag.kind == FlagKind.RED_FLAG)) is None
    )
