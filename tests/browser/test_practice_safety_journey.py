"""A stopped item stays stopped; a new program version keeps today's work; the editor says why
it refused."""

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from portal.localtime import local_today
from portal.programs.models import PracticeLog, TreatmentPlan
from tests.browser.conftest import log_in, log_out, see_what_the_server_wrote

INDIRANAGAR_PHONE = ("tel:+918041126530", "+91 80 4112 6530")


def _rohans_plan_id() -> int:
    return db.session.scalar(
        select(TreatmentPlan.id).join(User, User.id == TreatmentPlan.patient_id)
        .where(User.email == "patient@demo.test")
    )  # fmt: skip


def _start_links(card):
    return card.get_by_role("link", name=re.compile(r"^Start"))


def _tap(page, question, score):
    page.get_by_role("group", name=question).get_by_text(str(score), exact=True).click()


def test_a_stopped_item_cannot_be_started_until_the_therapist_acknowledges(
    page, seeded, screenshot
):
    log_in(page, "patient@demo.test")
    bl23 = page.get_by_role("listitem", name="BL23 Shenshu")
    _start_links(bl23).first.click()
    _tap(page, "Pain before you start", 5)
    timer = page.get_by_role("region", name="Guided timer")
    timer.get_by_role("button", name="Start").click()
    timer.get_by_role("button", name="Sharp pain — stop").click()

    expect(page).to_have_url(re.compile(r"/safety/stopped$"))
    href, text = INDIRANAGAR_PHONE
    call = page.get_by_role("region", name="Call your centre")
    expect(call.get_by_role("link", name=text)).to_have_attribute("href", href)
    screenshot("stopped-page")

    page.get_by_role("link", name="Back to today").click()
    bl23 = page.get_by_role("listitem", name="BL23 Shenshu")
    expect(bl23).to_contain_text("Stopped after sharp pain")
    expect(_start_links(bl23)).to_have_count(0)
    expect(_start_links(page.get_by_role("listitem", name="GV4 Mingmen"))).to_have_count(1)
    screenshot("today-stopped-item")

    item_id = bl23.get_attribute("aria-labelledby").removeprefix("item-")
    response = page.goto(f"/today/practice/{item_id}")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("BL23 Shenshu is stopped for now")
    expect(page.get_by_role("link", name=text)).to_have_attribute("href", href)
    expect(page.get_by_role("button", name="Done: save my session")).to_have_count(0)
    screenshot("practice-stopped")
    log_out(page)

    log_in(page, "therapist.blr@demo.test")
    page.locator(".attention-list > a", has_text="Rohan Kulkarni").click()
    open_flag = page.get_by_role("region", name="Safety flags").locator("article.is-open")
    open_flag.get_by_label("What you did").fill("Called Rohan: lighter pressure on BL23")
    open_flag.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Flag acknowledged.")).to_be_visible()
    log_out(page)

    log_in(page, "patient@demo.test")
    bl23 = page.get_by_role("listitem", name="BL23 Shenshu")
    expect(bl23).not_to_contain_text("Stopped after sharp pain")
    expect(_start_links(bl23)).to_have_count(2)


def test_a_new_version_published_today_keeps_what_was_done(page, seeded, screenshot):
    log_in(page, "patient@demo.test")
    summary = page.locator("#done-summary")
    due = int(re.search(r"of (\d+) done", summary.inner_text()).group(1))
    expect(summary).to_have_text(f"0 of {due} done")
    page.get_by_role("link", name="Start, GV4 Mingmen").click()
    _tap(page, "Pain before you start", 4)
    _tap(page, "Pain now, after", 2)
    page.get_by_role("button", name="Done: save my session").click()
    gv4 = page.get_by_role("listitem", name="GV4 Mingmen")
    expect(gv4).to_contain_text("Done · pain 4 → 2")
    expect(summary).to_have_text(f"1 of {due} done")
    log_out(page)

    # The therapist lengthens BL23's hold; a slip first shows the summary of what is wrong.
    log_in(page, "therapist.blr@demo.test")
    page.goto(f"/therapist/plans/{_rohans_plan_id()}/program")
    rows = page.locator(".program-row")
    rows.nth(1).get_by_label("Hold (seconds)").fill("5")
    page.get_by_role("button", name="Publish program").click()
    error_summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(error_summary).to_be_focused()
    link = error_summary.get_by_role("link", name="Item 2 (GV4 Mingmen): Hold (seconds)")
    expect(error_summary).to_contain_text("Hold for 10 to 600 seconds.")
    screenshot("editor-error-summary")
    link.click()
    hold = page.locator(".program-row").nth(1).get_by_label("Hold (seconds)")
    expect(hold).to_be_focused()
    hold.fill("90")
    page.locator(".program-row").first.get_by_label("Hold (seconds)").fill("150")
    page.get_by_role("button", name="Publish program").click()
    expect(page.get_by_text(re.compile(r"^Version 2 published from "))).to_be_visible()
    log_out(page)

    log_in(page, "patient@demo.test")
    gv4 = page.get_by_role("listitem", name="GV4 Mingmen")
    expect(gv4).to_contain_text("Done · pain 4 → 2")
    expect(_start_links(gv4)).to_have_count(0)
    expect(page.locator("#done-summary")).to_have_text(f"1 of {due} done")
    see_what_the_server_wrote()
    logged_today = db.session.scalar(
        select(func.count()).select_from(PracticeLog)
        .where(PracticeLog.occurrence_date == local_today("Asia/Kolkata"))
    )  # fmt: skip
    assert logged_today == 1
