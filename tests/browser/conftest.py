"""Browser tests: Playwright drives Debian's Chromium against the portal served from a thread."""

import logging
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from werkzeug.serving import make_server

from portal.app import create_app
from portal.extensions import db
from portal.notifications import mail
from tests.conftest import TEST_SETTINGS

BROWSER_TESTS = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items) -> None:
    """Every test in this folder needs Chromium: mark it, so `-m "not browser"` (make
    test-fast) leaves all of them out. A conftest hook sees the whole session's items, hence
    the path check."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        # Never skip: a suite that passes without its browser tests proves nothing.
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}. Install it: sudo apt-get install -y chromium"
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def live_server(app, database_url, outbox_dir, task_queue_url):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in reports
    """The portal as a browser sees it: CSRF on, served on a free port from a thread."""
    served = create_app(
        {
            **TEST_SETTINGS,
            "WTF_CSRF_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_OUTBOX_DIR": outbox_dir,
            "TASK_QUEUE_URL": task_queue_url,
        }  # fmt: skip
    )
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture
def screenshot(page):
    """Saves the current page at phone width (390 px) and desktop width (1280 px)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def capture(name: str) -> None:
        original = page.viewport_size
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        page.set_viewport_size(original)

    return capture


_AXE = Axe()


def serious_accessibility_violations(page) -> list[str]:
    results = _AXE.run(page)
    return [
        f"{violation['id']}: {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def outbox(tmp_path, monkeypatch):
    """The live server's .eml files for this test alone (the server runs in this process, so
    patching the writer reaches it)."""
    folder = tmp_path / "outbox"
    write = mail._write_to_outbox
    monkeypatch.setattr(mail, "_write_to_outbox", lambda message, i, _: write(message, i, folder))
    return folder


def see_what_the_server_wrote() -> None:
    """End this test's read transaction: the live server writes through its own connections,
    and this session keeps one snapshot per transaction (SQLAlchemy emits BEGIN on SQLite)."""
    db.session.rollback()


def log_in(page, email, password="demo-password"):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
