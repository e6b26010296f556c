"""A logged-in patient's phone while the database is down: the portal's own 503 page, styled,
and /today again once the database is back, without restarting the server."""

import re
import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from portal.contact.models import CallbackRequest
from portal.extensions import db
from tests.browser.conftest import see_what_the_server_wrote, serious_accessibility_violations
from tests.conftest import TEST_SETTINGS
from tests.database_outage import Outage
from tests.factories import PASSWORD


@pytest.fixture
def outage_server(app, database_url, tmp_path, outbox_dir):
    outage = Outage(
        database_url,
        tmp_path,
        {**TEST_SETTINGS, "WTF_CSRF_ENABLED": True, "MAIL_OUTBOX_DIR": outbox_dir},
    )
    server = make_server("127.0.0.1", 0, outage.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield outage, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    outage.close()


def test_a_patient_sees_the_friendly_outage_page_then_today_again(
    page, outage_server, clinic, plan, screenshot
):
    outage, url = outage_server
    page.goto(f"{url}/login")
    page.get_by_label("Email").fill(clinic["patient"].email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    outage.cut()
    response = page.goto(f"{url}/today")
    assert response.status == 503
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't reach our records just now")
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    # Styled by our stylesheet, which is served while the database is down.
    nav_colour = page.locator(".portal-nav").evaluate(
        "nav => getComputedStyle(nav).backgroundColor"
    )
    assert nav_colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert serious_accessibility_violations(page) == []
    screenshot("outage-503")

    outage.restore()
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert page.url.endswith("/today")


def test_a_form_sent_during_an_outage_is_sent_again_from_the_outage_page(
    page, outage_server, clinic, screenshot
):
    """Going back would fetch the form anew (no-store for logged-in people) and lose what
    was typed: the outage page keeps it and sends it again."""
    outage, url = outage_server
    page.goto(f"{url}/login")
    page.get_by_label("Email").fill(clinic["patient"].email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{url}/contact")
    page.get_by_label("Your name").fill("Rohan Kulkarni")
    page.get_by_label("Phone number").fill("98450 77123")
    page.get_by_label("City").select_option(label="Bengaluru")
    page.get_by_label("How can we help? (optional)").fill("The bridge hurts since Monday.")
    page.get_by_label(re.compile("I agree that the clinic may call me")).check()

    outage.cut()
    page.get_by_role("button", name="Request a call-back").click()
    expect(page.get_by_text("What you sent is kept on this page")).to_be_visible()
    screenshot("outage-503-form")

    outage.restore()
    page.get_by_role("button", name="Send it again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, we'll call you")
    see_what_the_server_wrote()
    [callback] = db.session.scalars(select(CallbackRequest)).all()
    assert callback.message == "The bridge hurts since Monday."
