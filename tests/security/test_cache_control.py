"""What a logged-in person is shown carries their name or health data: no browser cache, back
button on a shared computer or proxy may keep it. Public pages and static files keep their
normal caching. The walk covers every GET route of the app (the access matrix's world), so a
new page for logged-in people cannot forget."""

import os
import re
from collections import Counter
from contextlib import nullcontext
from unittest import mock

import pytest
from flask import url_for

from portal.static_files import FOLLOW_EDITS, LONG_CACHE_SECONDS, digests_follow_edits
from tests.factories import PASSWORD
from tests.test_access_matrix import ROLES, build_world, rules_by_key, url_of

LOGGED_IN = [role for role in ROLES if role != "anonymous"]
# The pages with health data named in the product's privacy promise: each must have been
# shown (200) to someone in the walk, so the walk cannot pass by refusing them all.
HEALTH_PAGES = {
    "programs.today", "programs.progress", "booking.appointments", "privacy.export_json",
    "privacy.export_summary", "therapist.patient", "therapist.plan", "therapist.dashboard",
}  # fmt: skip


def logged_in_client(app, user):
    client = app.test_client()
    login = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert login.status_code == 302
    return client


# Views marked same_for_everyone keep their own caching: they name nobody. Exactly these.
SAME_FOR_EVERYONE = {"offline.web_manifest", "offline.service_worker"}


def _same_for_everyone(app, endpoint: str) -> bool:
    return getattr(app.view_functions[endpoint], "same_for_everyone", False)


def test_only_the_manifest_and_the_service_worker_are_marked_same_for_everyone(app):
    marked = {endpoint for endpoint in app.view_functions if _same_for_everyone(app, endpoint)}
    assert marked == SAME_FOR_EVERYONE


def test_every_response_to_a_logged_in_person_is_no_store(app):
    world = build_world()
    pages = sorted(
        (
            rule
            for (endpoint, method), rule in rules_by_key(app).items()
            if method == "GET" and not _same_for_everyone(app, endpoint)
        ),
        key=lambda rule: rule.endpoint,
    )
    kept, shown = [], Counter()
    for role in LOGGED_IN:
        client = logged_in_client(app, world["users"][role])
        for rule in pages:
            url = url_of(rule, world)
            response = client.get(url)
            shown[rule.endpoint] += response.status_code == 200
            if response.headers.get("Cache-Control") != "no-store":
                kept.append(f"{url} as {role}: {response.status_code}, {response.cache_control}")
    assert not kept, "\n".join(kept)
    assert {endpoint for endpoint in HEALTH_PAGES if not shown[endpoint]} == set()


def test_a_public_page_keeps_its_normal_caching(client, seeded):
    response = client.get("/guide")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_static_files_keep_their_caching_for_a_logged_in_person(app, make):
    client = logged_in_client(app, make.patient())
    for url in ("/static/css/portal.css", "/bootstrap/static/css/bootstrap.min.css"):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", ""), url


def _static_urls(html: str) -> list[str]:
    found = re.findall(r'(?:href|src)="(/(?:bootstrap/)?static/[^"]+)"', html)
    return [url.replace("&amp;", "&") for url in found]


def test_static_files_are_linked_by_their_digest_and_kept_for_a_year(client, seeded):
    urls = _static_urls(client.get("/guide").get_data(as_text=True))
    assert any(url.startswith("/static/css/portal.css?v=") for url in urls), urls
    assert any(url.startswith("/bootstrap/static/") and "?v=" in url for url in urls), urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.cache_control.max_age == LONG_CACHE_SECONDS, url
        assert response.cache_control.immutable and response.cache_control.public, url


def test_pages_link_bootstraps_files_as_the_extension_would(app, client, seeded):
    """base.html writes Bootstrap's tags itself (through the remembered url_for): they are the
    tags the extension's load_css() and load_js() give, whatever its version names."""
    page = client.get("/guide").get_data(as_text=True)
    with app.test_request_context("/guide"):
        bootstrap = app.extensions["bootstrap"]
        tags = re.findall(r"<[^>]+>(?:</script>)?", bootstrap.load_css() + bootstrap.load_js())
    assert len(tags) == 3
    for tag in tags:
        assert tag in page


@pytest.mark.parametrize("url", ["/static/css/portal.css", "/static/css/portal.css?v=0123456789ab"])
def test_a_static_file_asked_without_its_current_digest_is_not_kept_long(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.cache_control.max_age != LONG_CACHE_SECONDS
    assert not response.cache_control.immutable


def _a_sheet_edited_between_two_links(
    app, tmp_path, monkeypatch, second_link_under=None
) -> tuple[str, str]:
    """The URL of a stylesheet in a static folder of its own, before and after an edit
    (the file's content, time and size all change)."""
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    sheet = tmp_path / "site.css"
    sheet.write_text("body { color: black; }")
    with app.test_request_context():
        before = url_for("static", filename="site.css")
        sheet.write_text("body { color: navy; background: white; }")
        os.utime(sheet, ns=(1, 1))  # a new time, whatever the clock's resolution
        with second_link_under or nullcontext():
            after = url_for("static", filename="site.css")
    return before, after


def test_in_debug_mode_a_changed_static_file_gets_a_new_url(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "debug", True)
    before, after = _a_sheet_edited_between_two_links(app, tmp_path, monkeypatch)
    with app.test_request_context():
        missing = url_for("static", filename="gone.css")
    assert before.startswith("/static/site.css?v=") and after.startswith("/static/site.css?v=")
    assert before != after
    assert missing == "/static/gone.css"


def test_a_running_server_reads_each_static_file_once_whatever_its_links(
    app, tmp_path, monkeypatch
):
    """A release starts new processes: a file under a running server does not change, so it
    is not asked about (stat) again for every link to it."""
    monkeypatch.setitem(app.config, FOLLOW_EDITS, False)
    no_stat = mock.patch("portal.static_files.os.stat", side_effect=AssertionError("stat"))
    before, after = _a_sheet_edited_between_two_links(app, tmp_path, monkeypatch, no_stat)
    assert before.startswith("/static/site.css?v=")
    assert after == before


@pytest.mark.parametrize(
    ("debug", "setting", "follows"),
    [(False, None, False), (True, None, True), (False, True, True), (True, False, False)],
)
def test_digests_follow_edits_in_debug_mode_unless_the_setting_says(
    app, monkeypatch, debug, setting, follows
):
    monkeypatch.setattr(app, "debug", debug)
    monkeypatch.setitem(app.config, FOLLOW_EDITS, setting)
    assert digests_follow_edits(app) is follows


def test_a_name_outside_the_static_folder_gets_no_digest(app):
    with app.test_request_context():
        assert url_for("static", filename="../wsgi.py") == "/static/../wsgi.py"
        assert url_for("static", filename="css/portal.css").startswith("/static/css/portal.css?v=")
