"""A therapist builds a home program from a template; the patient follows it with the timer."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal.centres.models import Centre
from portal.extensions import db
from portal.localtime import local_today
from portal.programs.models import PracticeLog, TreatmentPlan
from tests.browser.conftest import log_in as _log_in
from tests.browser.conftest import log_out as _log_out
from tests.browser.conftest import see_what_the_server_wrote as _see_what_the_server_wrote
from tests.factories import PASSWORD, Factories

BL23_DOSE = "Press firmly in small circles for 2 minutes on each side, twice a day."


def _tap_pain(page, question, score):
    scale = page.get_by_role("group", name=question)
    tapped = scale.get_by_text(str(score), exact=True)
    tapped.click()
    expect(scale.get_by_label(str(score), exact=True)).to_be_checked()
    expect(tapped).to_have_css("background-color", "rgb(15, 106, 112)")  # shown as chosen


def _start_link(card, label, title):
    # The link is named by its aria-label: what it starts, as well as the visible text.
    return card.get_by_role("link", name=f"{label}, {title}", exact=True)


def _due_today_in_lower_back_starter() -> int:
    # BL23 twice a day, GV4, BL40, pelvic tilt and knee to chest daily; bridge Mon/Wed/Fri.
    return 7 if local_today("Asia/Kolkata").weekday() in (0, 2, 4) else 6


def test_therapist_builds_a_plan_from_a_template_and_the_patient_follows_it(
    page, seeded, screenshot
):
    indiranagar = db.session.scalar(select(Centre).where(Centre.slug == "blr-indiranagar"))
    kiran = Factories().patient(name="Kiran Shetty", email="kiran@example.com", centre=indiranagar)
    kiran_id = kiran.id
    due = _due_today_in_lower_back_starter()

    # The therapist finds the new patient and starts a plan from a template.
    _log_in(page, "therapist.blr@demo.test")
    expect(page).to_have_url(re.compile(r"/therapist/$"))
    page.get_by_label("Find a patient by name, phone or email").fill("Kiran")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_text("1 found for “Kiran”.")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Kiran Shetty")).click()
    expect(page.get_by_role("heading", level=1, name="Kiran Shetty")).to_be_visible()
    expect(page.get_by_text("Not answered yet: acupressure points stay locked")).to_be_visible()

    page.get_by_role("link", name="New plan").click()
    expect(page.get_by_role("heading", name="New plan for Kiran Shetty")).to_be_visible()
    page.get_by_label("Condition").fill("Low back pain after a long drive")
    page.get_by_label("Goals").fill("Drive to Mysuru and back without pain above 3/10.")
    page.get_by_label("In-clinic sessions planned").fill("6")
    page.get_by_label("How often").fill("Twice a week")
    expect(page.get_by_label("Start date")).to_have_value(local_today("Asia/Kolkata").isoformat())
    page.get_by_label("Home program to start from").select_option(
        label="Lower back pain \u2014 starter"
    )
    page.get_by_role("button", name="Create plan and set up the program").click()

    # The program editor holds the template's six rows; the first one gets a longer hold.
    expect(page.get_by_role("heading", name="Home program for Kiran Shetty")).to_be_visible()
    expect(page.get_by_text("Plan created. Now set up the home program")).to_be_visible()
    rows = page.locator(".program-row")
    expect(rows).to_have_count(6)
    expect(rows.locator("legend.h5")).to_contain_text(
        [
            "1. BL23 Shenshu",
            "2. GV4 Mingmen",
            "3. BL40 Weizhong",
            "4. Pelvic tilt",
            "5. Knee to chest",
            "6. Bridge",
        ]
    )
    first_hold = rows.first.get_by_label("Hold (seconds)")
    expect(first_hold).to_have_value("90")
    first_hold.fill("120")
    screenshot("program-editor")
    page.get_by_role("button", name="Publish program").click()

    expect(page.get_by_text(re.compile(r"^Version 1 published from "))).to_be_visible()
    expect(
        page.get_by_role("heading", level=1, name="Low back pain after a long drive")
    ).to_be_visible()
    bl23 = page.locator("article", has=page.get_by_role("heading", name="BL23 Shenshu"))
    expect(bl23).to_contain_text(BL23_DOSE)
    expect(page.get_by_text("Locked for the patient")).to_have_count(3)  # no screening yet
    screenshot("therapist-plan")
    _see_what_the_server_wrote()
    plan = db.session.scalar(select(TreatmentPlan).where(TreatmentPlan.patient_id == kiran_id))
    [version] = plan.program.versions
    assert version.effective_from == local_today("Asia/Kolkata")
    assert [(i.technique.code, i.hold_seconds) for i in version.items][:2] == [
        ("BL23", 120),
        ("GV4", 90),
    ]
    assert len(version.items) == 6
    _log_out(page)

    # The patient answers the safety questions, which unlocks the acupressure points.
    _log_in(page, "kiran@example.com", PASSWORD)
    expect(page).to_have_url(re.compile(r"/today$"))
    expect(
        page.get_by_role("heading", name="Before your first acupressure session")
    ).to_be_visible()
    page.get_by_role("link", name="Answer the safety questions").click()
    for question in (
        "Are you pregnant, or could you be?",
        "Do you have high blood pressure?",
        re.compile(r"^Do you have open wounds"),
    ):
        page.get_by_role("group", name=question).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("heading", name="Thank you, your answers are saved")).to_be_visible()
    page.get_by_role("link", name="Go to today's program").click()

    expect(page.get_by_role("heading", name="Before your first acupressure session")).to_have_count(
        0
    )
    expect(page.locator("#done-summary")).to_have_text(f"0 of {due} done")
    items = page.locator(".today-item")
    expect(items).to_have_count(due - 1)  # BL23 is one card with two sessions
    card = page.get_by_role("listitem", name="BL23 Shenshu")
    expect(card.locator(".dose-text")).to_have_text(BL23_DOSE)
    expect(card.get_by_role("img", name=re.compile(r"with BL23 marked$"))).to_be_visible()
    expect(page.get_by_role("listitem", name="Pelvic tilt").get_by_role("img")).to_be_visible()
    expect(card.get_by_role("link", name=re.compile(r"^Start"))).to_have_count(2)
    screenshot("patient-today-new-program")

    # One session of BL23, run to the end on a fake clock.
    page.clock.install()
    _start_link(card, "Start (1 of 2)", "BL23 Shenshu").click()
    expect(page.get_by_role("heading", level=1, name="BL23 Shenshu")).to_be_visible()
    expect(page.locator(".dose-box")).to_contain_text(BL23_DOSE)
    _tap_pain(page, "Pain before you start", 6)
    timer = page.get_by_role("region", name="Guided timer")
    expect(timer.locator("[data-timer=clock]")).to_have_text("120")
    screenshot("practice")
    timer.get_by_role("button", name="Start").click()
    expect(timer.locator("[data-timer=phase]")).to_have_text("Press: left side")
    page.clock.run_for(121_000)
    expect(timer.locator("[data-timer=phase]")).to_have_text("Switch to the right side")
    page.clock.run_for(120_000)
    expect(timer.locator("[data-timer=phase]")).to_have_text("Well done. How is your pain now?")
    expect(timer.get_by_role("button", name="Start again")).to_be_visible()
    expect(page.locator('input[name="pain_after"]').first).to_be_focused()
    screenshot("practice-finished")
    _tap_pain(page, "Pain now, after", 3)
    page.get_by_role("button", name="Done: save my session").click()

    expect(page).to_have_url(re.compile(r"/today$"))
    expect(page.get_by_text("Well done: BL23 Shenshu is logged.")).to_be_visible()
    expect(page.locator("#done-summary")).to_have_text(f"1 of {due} done")
    expect(card.locator(".occurrence-done")).to_contain_text("Done · pain 6 → 3")
    expect(_start_link(card, "Start (2 of 2)", "BL23 Shenshu")).to_be_visible()
    screenshot("patient-today-one-done")

    _see_what_the_server_wrote()
    logs = db.session.scalars(select(PracticeLog).where(PracticeLog.patient_id == kiran_id)).all()
    assert [(log.pain_before, log.pain_after, log.occurrence_index) for log in logs] == [(6, 3, 1)]

    # Sending the same session again (back button, submit again) records nothing new.
    page.go_back()
    expect(page.get_by_role("heading", level=1, name="BL23 Shenshu")).to_be_visible()
    _tap_pain(page, "Pain before you start", 6)
    _tap_pain(page, "Pain now, after", 3)
    page.get_by_role("button", name="Done: save my session").click()
    expect(page.get_by_text("That was already logged.")).to_be_visible()
    expect(page.locator("#done-summary")).to_have_text(f"1 of {due} done")
    _see_what_the_server_wrote()
    count = db.session.scalars(
        select(PracticeLog.id).where(PracticeLog.patient_id == kiran_id)
    ).all()
    assert len(count) == 1
    _log_out(page)

    # The therapist sees the session on the dashboard and in the pain chart.
    _log_in(page, "therapist.blr@demo.test")
    row = page.locator(".attention-list a", has_text="Kiran Shetty")
    expect(row).to_contain_text(f"{round(100 / due)}% last 7 days")
    expect(row).to_contain_text("pain 6/10")
    screenshot("therapist-dashboard")
    row.click()
    pain = page.get_by_role("region", name="Pain before and after practice")
    expect(pain.locator("figure.chart svg")).to_be_visible()
    expect(pain.get_by_text("No pain scores logged yet.")).to_have_count(0)
    expect(page.get_by_text("Pregnant: No")).to_be_visible()
    screenshot("therapist-patient")
