"""The pager under a long list: reachable and usable by keyboard, labelled for a screen
reader, and the desk inbox and audit log look right with it at 390 and 1280 px."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.centres.models import City
from portal.extensions import db
from tests.browser.conftest import log_in, serious_accessibility_violations
from tests.test_list_pages import _audit_events, _callbacks


def test_the_desk_pages_through_its_inbox_by_keyboard(page, seeded, screenshot):
    _callbacks(db.session.scalar(select(City).where(City.name == "Hyderabad")), 40)
    log_in(page, "desk.hyd@demo.test")
    pager = page.get_by_role("navigation", name="Call-back request pages")
    expect(pager.get_by_text("Page 1")).to_be_visible()
    expect(pager.get_by_role("link", name="Previous page")).to_have_count(0)
    screenshot("desk-inbox-pager")
    next_page = pager.get_by_role("link", name="Next page")
    next_page.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/desk/\?page=2$"))
    expect(pager.get_by_text("Page 2")).to_be_visible()
    expect(page.locator(".callback-row")).not_to_have_count(0)
    assert serious_accessibility_violations(page) == []
    screenshot("desk-inbox-pager-page-2")


def test_the_audit_log_pages_keep_the_filter(page, seeded, screenshot):
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.test"))
    _audit_events(admin, 130)
    log_in(page, "admin@demo.test")
    page.goto("/admin/audit/")
    page.get_by_label("Action").select_option(label="patient viewed")
    page.get_by_role("button", name="Filter").click()
    pager = page.get_by_role("navigation", name="Audit log pages")
    screenshot("audit-log-pager")
    pager.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"action=patient_viewed&page=2"))
    expect(page.get_by_label("Action")).to_have_value("patient_viewed")
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("patient viewed")
    assert rows.count() >= 30 and rows.filter(has_not_text="patient viewed").count() == 0
    assert serious_accessibility_violations(page) == []
    screenshot("audit-log-pager-page-2")


def test_the_admin_pages_through_staff_accounts_and_the_desk_through_the_rota(
    page, seeded, screenshot
):
    from tests.factories import Factories

    hyderabad = db.session.scalar(select(City).where(City.name == "Hyderabad"))
    centre = hyderabad.centres[0]
    make = Factories()
    for n in range(55):
        make.therapist(centre, name=f"Staff Member {n:04d}")
    log_in(page, "admin@demo.test")
    page.goto("/admin/staff")
    pager = page.get_by_role("navigation", name="Staff account pages")
    expect(page.locator(".list-group-item")).to_have_count(50)
    screenshot("admin-staff-pager")
    pager.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"/admin/staff\?page=2$"))
    expect(pager.get_by_text("Page 2")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.goto("/rota/")
    rota_pager = page.get_by_role("navigation", name="Therapist pages")
    screenshot("rota-pager")
    rota_pager.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"/rota/\?page=2$"))
    expect(page.locator(".list-group-item")).not_to_have_count(0)
    assert serious_accessibility_violations(page) == []
