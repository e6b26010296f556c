"""Logs an operator can use: one JSON line per request and per error, carrying the request id
the error page shows, so the desk can quote it and the operator find the traceback."""

import json

import pytest

from portal.app import create_app
from tests.conftest import TEST_SETTINGS

PROXY = {"REMOTE_ADDR": "10.0.0.2"}


@pytest.fixture
def json_logging_portal(app, database_url, outbox_dir):
    def make(**settings):
        portal = create_app({
            **TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, "MAIL_OUTBOX_DIR": outbox_dir,
            "LOG_FORMAT": "json", "LOG_LEVEL": "INFO", "PROPAGATE_EXCEPTIONS": False, **settings,
        })  # fmt: skip

        def explode():
            raise RuntimeError("the rota table is upside down")

        portal.add_url_rule("/_explode", "explode", explode)
        return portal

    return make


def _log_lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]


def test_the_request_id_on_a_500_page_finds_the_error_and_its_traceback(
    app, json_logging_portal, capsys
):
    capsys.readouterr()
    response = json_logging_portal().test_client().get("/_explode")
    assert response.status_code == 500
    reference = response.headers["X-Request-ID"]
    assert reference in response.get_data(as_text=True)  # on the page, for the desk to quote
    [error] = [line for line in _log_lines(capsys) if line["level"] == "ERROR"]
    assert error["request_id"] == reference
    assert "RuntimeError: the rota table is upside down" in error["traceback"]


def test_every_request_gets_one_line_with_who_what_and_how_long(
    app, json_logging_portal, capsys, make
):
    patient = make.patient(email="asha@example.com")
    client = json_logging_portal().test_client()
    client.post("/login", data={"email": "asha@example.com", "password": "correct horse battery"})
    capsys.readouterr()
    response = client.get("/today")
    [line] = [line for line in _log_lines(capsys) if line["logger"] == "portal.requests"]
    assert {key: line[key] for key in ("method", "path", "status", "user_id", "request_id")} == {
        "method": "GET", "path": "/today", "status": response.status_code,
        "user_id": patient.id, "request_id": response.headers["X-Request-ID"],
    }  # fmt: skip
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")


def test_a_visitors_line_has_no_user(app, json_logging_portal, capsys):
    capsys.readouterr()
    json_logging_portal().test_client().get("/no-such-page")
    [line] = _log_lines(capsys)
    assert (line["status"], line["user_id"]) == (404, None)


@pytest.mark.parametrize(("hops", "kept"), [(1, True), (0, False)])
def test_the_trusted_proxys_request_id_is_kept(app, json_logging_portal, capsys, hops, kept):
    capsys.readouterr()
    nginx_id = "5f0c6b2e9d8a4c1b8e7f6a5b4c3d2e1f"
    response = (
        json_logging_portal(TRUSTED_PROXIES=hops)
        .test_client()
        .get("/_explode", environ_base=PROXY, headers={"X-Request-ID": nginx_id})
    )
    assert (response.headers["X-Request-ID"] == nginx_id) is kept
    assert all((line["request_id"] == nginx_id) is kept for line in _log_lines(capsys))


@pytest.mark.parametrize("given", ["short", "x" * 65, 'id with spaces and "quotes"', "é" * 10])
def test_an_odd_request_id_is_replaced(app, json_logging_portal, given):
    response = (
        json_logging_portal(TRUSTED_PROXIES=1)
        .test_client()
        .get("/no-such-page", environ_base=PROXY, headers={"X-Request-ID": given})
    )
    assert response.headers["X-Request-ID"] != given
    assert len(response.headers["X-Request-ID"]) == 32


def test_log_level_comes_from_the_environment(app, json_logging_portal, capsys):
    capsys.readouterr()
    client = json_logging_portal(LOG_LEVEL="ERROR").test_client()
    client.get("/no-such-page")
    assert _log_lines(capsys) == []  # the request line is INFO
    client.get("/_explode")
    assert [line["level"] for line in _log_lines(capsys)] == ["ERROR"]


def test_the_outage_page_shows_the_request_id_too(app, json_logging_portal, tmp_path):
    broken = create_app(
        {**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"}
    )
    response = broken.test_client().get("/centres")
    assert response.status_code == 503
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)
