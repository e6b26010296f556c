"""A database outage: every page answers a friendly 503 that needs no database, and the same
pages work again once the database is back, without restarting the app.

The outage is real on both databases (tests/database_outage.py): on PostgreSQL a proxy between
the app and the shared server is cut; on SQLite the database file becomes unreachable.
"""

import re

import psycopg
import pytest
from flask import Flask
from sqlalchemy import exc, func, select, text

from portal.contact.models import CallbackRequest
from portal.extensions import db
from tests.conftest import TEST_SETTINGS
from tests.database_outage import Outage
from tests.factories import PASSWORD

CALLBACK = {
    "name": "Lakshmi Iyer",
    "phone": "098456 77102",
    "city": "bengaluru",
    "preferred_time": "evening",
    "consent": "y",
}


def start_outage(database_url, workdir, outbox_dir, **settings) -> Outage:
    return Outage(
        database_url, workdir, {**TEST_SETTINGS, "MAIL_OUTBOX_DIR": outbox_dir, **settings}
    )


@pytest.fixture
def outage(app, database_url, tmp_path, outbox_dir):
    outage = start_outage(database_url, tmp_path, outbox_dir)
    yield outage
    outage.close()


@pytest.fixture
def clients(outage, clinic, plan):
    """A visitor, the clinic's patient and its therapist, each with a browser of their own."""
    clients = {"visitor": outage.app.test_client()}
    for role in ("patient", "therapist"):
        clients[role] = outage.app.test_client()
        login = clients[role].post(
            "/login", data={"email": clinic[role].email, "password": PASSWORD}
        )
        assert login.status_code == 302
    return clients


def assert_friendly_503(response, clinic=None) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == 503, html[:500]
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Cache-Control"] == "no-store"
    assert "Nothing was saved" in html and "try again" in html.lower()
    assert 'class="navbar navbar-expand-lg navbar-dark portal-nav"' in html  # the portal's look
    assert "/static/css/portal.css" in html
    assert "Log out" not in html and "Traceback" not in html
    if clinic:
        assert clinic["patient"].name not in html and clinic["therapist"].name not in html
    return html


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("visitor", "/"),
        ("visitor", "/guide/BL23"),
        ("patient", "/today"),
        ("patient", "/progress"),
        ("therapist", "/therapist/"),
    ],
)
def test_a_page_answers_a_friendly_503_during_an_outage_and_works_again_after_it(
    outage, clients, clinic, who, path
):
    client = clients[who]
    outage.cut()
    assert_friendly_503(client.get(path), clinic)
    outage.restore()
    assert client.get(path).status_code == 200


def test_a_form_sent_during_an_outage_saves_nothing_and_can_be_sent_again(
    app, outage, clients, clinic
):
    outage.cut()
    html = assert_friendly_503(clients["visitor"].post("/contact?from=home", data=CALLBACK))
    outage.restore()
    assert stored_callbacks() == 0
    # The page kept what was sent: its "Send it again" form posts it as it was.
    action, fields = form_on(html)
    assert action == "/contact?from=home" and fields == CALLBACK
    assert clients["visitor"].post(action, data=fields).status_code == 302
    assert stored_callbacks() == 1


def test_the_outage_page_keeps_no_password(outage, clients, clinic):
    outage.cut()
    typed = {"email": clinic["patient"].email, "password": "my secret phrase"}
    html = assert_friendly_503(clients["visitor"].post("/login", data=typed))
    assert "my secret phrase" not in html and "type it again" in html
    assert form_on(html) == ("/login", {"email": clinic["patient"].email})


def form_on(html: str) -> tuple[str, dict]:
    html = html[html.index("<main") :]  # the page's own form, not the language switcher
    action = re.search(r'<form method="post" action="([^"]+)"', html).group(1)
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    return action.replace("&amp;", "&"), dict(fields)


def stored_callbacks() -> int:
    db.session.rollback()  # the outage app wrote through its own connections: a fresh snapshot
    return db.session.scalar(select(func.count()).select_from(CallbackRequest))


def test_a_json_client_gets_a_json_503(outage, clients):
    outage.cut()
    response = clients["patient"].get("/today", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.get_json() == {"status": 503, "error": "We can't reach our records just now",
                                   "request_id": response.headers["X-Request-ID"]}  # fmt: skip


@pytest.mark.parametrize("who", ["visitor", "patient", "therapist"])
def test_healthz_answers_503_with_or_without_a_session_cookie(outage, clients, who):
    outage.cut()
    response = clients[who].get("/healthz")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.get_json() == {"status": "error", "database": "unreachable"}
    outage.restore()
    assert clients[who].get("/healthz").status_code == 200


def test_the_outage_page_stylesheet_is_served_to_a_logged_in_person(outage, clients):
    outage.cut()
    assert clients["patient"].get("/static/css/portal.css").status_code == 200
    assert clients["patient"].get("/bootstrap/static/css/bootstrap.min.css").status_code == 200


def test_a_database_lost_after_the_user_was_loaded_still_gets_the_friendly_page(
    outage, clients, clinic, monkeypatch
):
    """The reported bare "Internal Server Error": the error page itself needed the user."""
    today = outage.app.view_functions["programs.today"]

    def lose_the_database_then_show_today(**values):
        db.session.commit()  # the user is loaded, and will need the database to be read again
        outage.cut()
        return today(**values)

    monkeypatch.setitem(
        outage.app.view_functions, "programs.today", lose_the_database_then_show_today
    )
    assert_friendly_503(clients["patient"].get("/today"), clinic)


def test_an_error_page_that_needs_the_database_during_an_outage_becomes_the_503(
    app, database_url, tmp_path, outbox_dir, clinic
):
    """A refused form (CSRF) is answered before the user is looked up; its error page then
    needs the user, and the database is down: the outage page, not a bare 500."""
    outage = start_outage(
        database_url, tmp_path, outbox_dir, WTF_CSRF_ENABLED=True, PROPAGATE_EXCEPTIONS=False
    )
    try:
        client = outage.app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        data = {"email": clinic["patient"].email, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=data).status_code == 302
        outage.cut()
        assert_friendly_503(client.post("/contact", data=CALLBACK), clinic)
    finally:
        outage.close()


def failing_view(app: Flask, monkeypatch, statement) -> None:
    monkeypatch.setitem(app.view_functions, "public.privacy", statement)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)


def test_a_wrong_statement_is_a_500_not_an_outage(app, client, monkeypatch):
    # SQLite reports "no such table" as an OperationalError, like an unreachable file.
    failing_view(app, monkeypatch, lambda: db.session.execute(text("SELECT * FROM no_such_table")))
    response = client.get("/privacy")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers


def test_a_broken_constraint_is_a_500_not_an_outage(app, client, make, monkeypatch):
    make.city("Bengaluru")

    def insert_the_city_again():
        make.city("Bengaluru")

    failing_view(app, monkeypatch, insert_the_city_again)
    response = client.get("/privacy")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)


def test_the_503_leaves_no_failed_transaction_behind(app, database_url, tmp_path, outbox_dir):
    """Hooks that run after the answer (the audit log writes there) find a clean session."""
    outage = start_outage(database_url, tmp_path, outbox_dir)
    seen = []

    @outage.app.after_request
    def note_the_session(response):
        seen.append(db.session().in_transaction())
        return response

    try:
        outage.cut()
        assert outage.app.test_client().get("/").status_code == 503
        assert seen == [False]
    finally:
        outage.close()


def test_a_rollback_that_fails_too_still_gets_the_friendly_page(outage, clients, monkeypatch):
    """A dead connection that the pool did not recognise as dead fails its rollback as well."""

    def rollback_on_a_dead_connection():
        raise exc.OperationalError("ROLLBACK", {}, psycopg.OperationalError("server gone"))

    outage.cut()
    monkeypatch.setattr(db.session, "rollback", rollback_on_a_dead_connection)
    assert_friendly_503(clients["visitor"].get("/"))
