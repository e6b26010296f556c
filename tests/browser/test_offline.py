"""Offline (issue 14): a patient opens /today online, loses the connection, does two sessions
and a sharp-pain stop from their practice pages, sees what waits to be sent and what to do
about the pain; back online, exactly two logs and one flag arrive, and sending again adds
nothing."""

import json
import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db
from portal.localtime import local_today
from portal.offline.entries import MAX_ENTRIES
from portal.programs.models import PracticeLog
from portal.safety.models import FlagKind, SafetyFlag
from tests.browser.conftest import log_in as _log_in
from tests.browser.conftest import see_what_the_server_wrote as _see_what_the_server_wrote
from tests.browser.conftest import serious_accessibility_violations


def _counts(patient_id: int) -> tuple[int, int]:
    _see_what_the_server_wrote()
    logs = db.session.scalar(
        select(func.count(PracticeLog.id)).where(PracticeLog.patient_id == patient_id)
    )
    flags = db.session.scalar(
        select(func.count(SafetyFlag.id)).where(SafetyFlag.patient_id == patient_id)
    )
    return logs, flags


def _do_a_session(page, title: str, before: int, after: int) -> None:
    page.get_by_role("listitem", name=title).get_by_role("link", name=f"Start, {title}").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    page.get_by_role("group", name="Pain before you start").get_by_text(
        str(before), exact=True
    ).click()
    page.get_by_role("group", name="Pain now, after").get_by_text(str(after), exact=True).click()
    page.get_by_role("button", name="Done: save my session").click()


def test_practice_done_offline_arrives_once_when_the_phone_is_back_online(
    page, context, seeded, screenshot
):
    rohan_id = db.session.scalar(select(User.id).where(User.email == "patient@demo.test"))
    logs_before, flags_before = _counts(rohan_id)

    _log_in(page, "patient@demo.test")
    expect(page).to_have_url(re.compile(r"/today$"))
    # The worker is installed, controls the page, and has kept today's practice pages.
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "true")
    # A function, not an expression: Playwright polls an expression with eval(), which the
    # portal's Content-Security-Policy (script-src 'self') refuses once it has to poll.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    context.set_offline(True)
    kept = page.goto("/today")
    assert kept.from_service_worker  # the copy kept while online: the network is gone
    banner = page.locator("#offline-status")
    _do_a_session(page, "GV4 Mingmen", 5, 3)
    expect(page).to_have_url(re.compile(r"/today$"))
    expect(banner).to_contain_text("1 session waiting to send.")
    gv4 = page.get_by_role("listitem", name="GV4 Mingmen")
    expect(gv4.get_by_text("Saved on this phone")).to_be_visible()
    expect(gv4.get_by_role("link", name="Start, GV4 Mingmen")).to_be_hidden()

    _do_a_session(page, "BL40 Weizhong", 4, 2)
    expect(banner).to_contain_text("2 sessions waiting to send.")
    screenshot("offline-today-waiting")

    bl23 = page.get_by_role("listitem", name="BL23 Shenshu")
    bl23.get_by_role("link", name=re.compile(r"^Start \(1 of 2\)")).click()
    expect(page.get_by_role("heading", level=1, name="BL23 Shenshu")).to_be_visible()
    page.locator("#stop-form").get_by_role("button", name="Sharp pain — stop").click()

    # What to do, at once, without the server; honest that the therapist is not told yet.
    expect(page.get_by_role("heading", name="You did the right thing to stop")).to_be_visible()
    expect(
        page.get_by_text("Your therapist will be told as soon as your phone is back online.")
    ).to_be_visible()
    expect(page.get_by_text("Your therapist has been told and will look at it.")).to_be_hidden()
    expect(page.get_by_role("link", name="+91 80 4112 6530")).to_be_visible()
    expect(banner).to_contain_text("2 sessions waiting to send.")
    expect(banner).to_contain_text("1 stop waiting to send.")
    expect(banner.get_by_role("listitem")).to_have_text(
        [
            "GV4 Mingmen: session 1 done",
            "BL40 Weizhong: session 1 done",
            "BL23 Shenshu: stopped because of sharp pain",
        ]
    )
    screenshot("offline-stop-waiting")
    assert serious_accessibility_violations(page) == []
    assert _counts(rohan_id) == (logs_before, flags_before)  # nothing reached the server

    with page.expect_request("**/offline/sync") as sent:
        context.set_offline(False)
    expect(banner).to_contain_text("Everything that waited on this phone is sent.")
    expect(banner.locator(".offline-waiting")).to_have_count(0)
    screenshot("offline-sent")

    assert _counts(rohan_id) == (logs_before + 2, flags_before + 1)
    today = local_today("Asia/Kolkata")
    new_logs = db.session.scalars(
        select(PracticeLog)
        .where(PracticeLog.patient_id == rohan_id, PracticeLog.occurrence_date == today)
        .order_by(PracticeLog.id)
    ).all()
    assert [(log.item.technique.code, log.pain_before, log.pain_after) for log in new_logs] == [
        ("GV4", 5, 3),
        ("BL40", 4, 2),
    ]
    flag = db.session.scalars(
        select(SafetyFlag).where(SafetyFlag.patient_id == rohan_id).order_by(SafetyFlag.id.desc())
    ).first()
    assert flag.kind is FlagKind.SHARP_PAIN
    assert flag.item.technique.code == "BL23"
    assert flag.acknowledged_at is None  # waiting for the therapist, on their dashboard

    # The same queue sent again (an answer lost on the way): nothing more arrives.
    body = json.loads(sent.value.post_data)
    assert len(body["entries"]) == 3
    token = page.request.get("/offline/token").json()["csrf_token"]
    again = page.request.post("/offline/sync", data=body, headers={"X-CSRFToken": token})
    assert [answer["status"] for answer in again.json()["results"]] == ["already_saved"] * 3
    assert _counts(rohan_id) == (logs_before + 2, flags_before + 1)

    # Online, /today shows the sessions done and the stopped point.
    page.goto("/today")
    expect(page.get_by_role("listitem", name="GV4 Mingmen")).to_contain_text("Done · pain 5 → 3")
    expect(page.get_by_role("listitem", name="BL23 Shenshu")).to_contain_text(
        "Stopped after sharp pain"
    )


def test_offline_a_stop_shows_its_advice_on_the_page_when_none_was_kept(page, context, seeded):
    """The advice does not depend on the kept stop page: without it, the practice page says
    what to do itself (and the guided timer's page is left as it is)."""
    rohan_id = db.session.scalar(select(User.id).where(User.email == "patient@demo.test"))
    logs_before, flags_before = _counts(rohan_id)
    _log_in(page, "patient@demo.test")
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "true")
    page.evaluate(
        """async () => {
            const cache = await caches.open("portal-pages");
            await cache.delete(new URL("/safety/stopped", location.href).href);
        }"""
    )

    context.set_offline(True)
    bl23 = page.get_by_role("listitem", name="BL23 Shenshu")
    bl23.get_by_role("link", name=re.compile(r"^Start \(1 of 2\)")).click()
    expect(page.get_by_role("heading", level=1, name="BL23 Shenshu")).to_be_visible()
    page.get_by_role("region", name="Guided timer").get_by_role(
        "button", name="Sharp pain — stop"
    ).click()

    heading = page.get_by_role("heading", level=1, name="You did the right thing to stop")
    expect(heading).to_be_focused()
    expect(page).to_have_url(re.compile(r"/today/practice/\d+"))
    expect(
        page.get_by_text("Your therapist will be told as soon as your phone is back online.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="+91 80 4112 6530")).to_be_visible()
    expect(page.locator("#offline-status")).to_contain_text("1 stop waiting to send.")
    assert serious_accessibility_violations(page) == []

    context.set_offline(False)
    expect(page.locator("#offline-status")).to_contain_text(
        "Everything that waited on this phone is sent."
    )
    assert _counts(rohan_id) == (logs_before, flags_before + 1)


def _without_clear_site_data(route) -> None:
    response = route.fetch(max_redirects=0)
    headers = {k: v for k, v in response.headers.items() if k.lower() != "clear-site-data"}
    route.fulfill(response=response, headers=headers)


@pytest.mark.parametrize("browser_clears", [True, False], ids=["header", "script-alone"])
def test_logging_out_leaves_nothing_of_the_patient_on_the_phone(
    page, context, seeded, browser_clears
):
    """Both ways work on their own: the logout's Clear-Site-Data header, and offline.js
    (for browsers that ignore the header)."""
    if not browser_clears:
        page.route("**/logout", _without_clear_site_data)
    _log_in(page, "patient@demo.test")
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "true")
    kept = """async (path) => Boolean(await caches.match(new URL(path, location.href).href))"""
    assert page.evaluate(kept, "/today")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    for path in ("/today", "/safety/stopped"):
        assert not page.evaluate(kept, path), path
    databases = page.evaluate("async () => (await indexedDB.databases()).map((d) => d.name)")
    assert "portal-offline" not in databases
    context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.goto("/today")  # nothing kept to show: the browser's own offline error


def test_a_page_shown_to_someone_else_drops_the_patients_kept_pages(page, context, seeded):
    """No logout (the session ran out, the phone changed hands): the next page shown online to
    anyone else deletes what was kept for the patient."""
    _log_in(page, "patient@demo.test")
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "true")
    kept = """async (path) => Boolean(await caches.match(new URL(path, location.href).href))"""
    assert page.evaluate(kept, "/today")
    context.clear_cookies()
    page.goto("/guide")
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "true")
    assert not page.evaluate(kept, "/today")
    # The visitor's own: the guide, and each point it links to.
    assert page.evaluate(kept, "/guide")
    assert page.evaluate(kept, "/guide/BL23")


QUEUE_REFUSED_ENTRIES = """async ({user, count}) => {
    const database = await new Promise((resolve) => {
        const request = indexedDB.open("portal-offline", 1);
        request.onupgradeneeded = () => request.result.createObjectStore("queue", {keyPath: "key"});
        request.onsuccess = () => resolve(request.result);
    });
    const transaction = database.transaction("queue", "readwrite");
    for (let n = 1; n <= count; n += 1) {
        transaction.objectStore("queue").put({
            key: `practice:0:2020-01-01:${n}`, kind: "practice", user, item_id: 999999,
            occurrence_date: "2020-01-01", occurrence_index: n, pain_before: "1",
            pain_after: "1", note: "", title: `Old session ${n}`,
        });
    }
    await new Promise((resolve) => { transaction.oncomplete = resolve; });
    database.close();
}"""


def test_a_long_queue_goes_in_batches_and_refusals_are_shown(page, seeded):
    """More than the server takes at once (a week offline): sent in batches until empty; what
    the server refuses leaves the queue and is named."""
    rohan_id = db.session.scalar(select(User.id).where(User.email == "patient@demo.test"))
    _log_in(page, "patient@demo.test")
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "true")
    page.evaluate(QUEUE_REFUSED_ENTRIES, {"user": str(rohan_id), "count": MAX_ENTRIES + 20})
    sent = []
    page.on(
        "request", lambda request: sent.append(request) if "/offline/sync" in request.url else None
    )
    page.reload()

    banner = page.locator("#offline-status")
    expect(banner).to_contain_text("Some of what waited on this phone could not be saved:")
    expect(banner).to_contain_text("Old session 120: You can fill in the last 7 days only.")
    expect(banner.locator(".offline-waiting")).to_have_count(0)
    assert [len(json.loads(request.post_data)["entries"]) for request in sent] == [MAX_ENTRIES, 20]
