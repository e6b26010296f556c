"""No page scrolls sideways on a phone: every page each role can open, at 390 px.

The pages come from the access matrix (every route has a row there, so a new page is walked
here as soon as it gets its row), their ids from the matrix's world, with what demo data has
and the bare world lacks: a few weeks of practice (so /progress draws real charts) and days
without a free time in the booking day strip.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.booking.models import TimeOff
from portal.extensions import db
from portal.localtime import local_today
from portal.programs.models import PracticeLog, ProgramVersion, TreatmentPlan
from portal.programs.queries import items_in_force
from portal.programs.schedule import ScheduledItem, occurrences_due
from tests.browser.conftest import log_in
from tests.factories import PASSWORD
from tests.test_access_matrix import MATRIX, ROLES, build_world, rules_by_key, tomorrow_at, url_of

PHONE = {"width": 390, "height": 844}
HISTORY_DAYS = 20


def pages_for(role: str) -> list[str]:
    column = ROLES.index(role)
    opens = [key for key, row in MATRIX.items() if row[column] == 200]
    return sorted(endpoint for endpoint, method in opens if method == "GET")


def add_practice_history(plan_id: int, patient_id: int) -> None:
    """Moves the plan's start back a few weeks and logs most of what was due since."""
    plan = db.session.get(TreatmentPlan, plan_id)
    today = local_today("Asia/Kolkata")
    plan.start_date = today - timedelta(days=HISTORY_DAYS)
    for version in db.session.scalars(
        select(ProgramVersion).where(ProgramVersion.program_id == plan.program.id)
    ):
        version.effective_from = plan.start_date
    db.session.flush()
    for back in range(HISTORY_DAYS, 0, -1):
        day = today - timedelta(days=back)
        items = items_in_force(plan, day)
        scheduled = [ScheduledItem(i.id, i.weekdays_mask, i.times_per_day) for i in items]
        for occurrence in occurrences_due(scheduled, day):
            if (back + occurrence.index) % 5:
                db.session.add(
                    PracticeLog(
                        patient_id=patient_id, item_id=occurrence.item_id, occurrence_date=day,
                        occurrence_index=occurrence.index, pain_before=6 - back % 4,
                        pain_after=3 - back % 3,
                    )
                )  # fmt: skip
    db.session.commit()


def add_days_off(therapist_id: int) -> None:
    """Whole days off late in the booking day strip, so it shows days without free times."""
    for days in (9, 10, 12):
        db.session.add(
            TimeOff(therapist_id=therapist_id, starts_at=tomorrow_at(0, days=days),
                    ends_at=tomorrow_at(0, days=days + 1), reason="Leave")
        )  # fmt: skip
    db.session.commit()


@pytest.fixture
def world(live_server):
    world = build_world()
    values = world["url_values"]
    add_practice_history(values["plan_id"], values["patient_id"])
    add_days_off(values["therapist_id"])
    return world


def width_of(page, url: str) -> str | None:
    """What is wrong with `url` at phone width, or None when nothing scrolls sideways."""
    headers = page.request.get(url).headers
    if "text/html" not in headers.get("content-type", "") or "content-disposition" in headers:
        return None  # a download (the data export), not a page
    response = page.goto(url)
    if response is None or response.status != 200:
        return f"{url}: answered {response and response.status}"
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return None if scroll <= inner else f"{url}: {scroll} px wide (screen {inner} px)"


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_at_phone_width(page, app, world, role):
    if role != "anonymous":
        log_in(page, world["users"][role].email, PASSWORD)
    page.set_viewport_size(PHONE)  # after logging in: the menu folds away at phone width
    rules = rules_by_key(app)
    endpoints = pages_for(role)
    assert endpoints, f"no pages found for {role}"
    offending = [
        problem
        for endpoint in endpoints
        if (problem := width_of(page, url_of(rules[(endpoint, "GET")], world))) is not None
    ]
    assert not offending, f"pages that scroll sideways at 390 px as {role}:\n" + "\n".join(
        offending
    )
