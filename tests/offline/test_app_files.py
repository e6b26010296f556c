"""The installable app's files: a valid manifest with its icons, the service worker served
from our own server at the root, and which pages it may keep."""

import json
import re
import struct
from pathlib import Path

import pytest

from portal.extensions import db
from portal.offline.pwa import OFFLINE_PAGES, worker_script

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css"


def _css_colour(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS.read_text()).group(1)


def _png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    assert body[12:16] == b"IHDR"
    return struct.unpack(">II", body[16:24])


def test_the_manifest_is_valid_json_with_the_apps_colours_and_start(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == "Sthira Physio"
    assert manifest["short_name"] == "Sthira"
    assert manifest["start_url"] == "/today"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == _css_colour("portal-teal")
    assert manifest["background_color"] == _css_colour("portal-sand")


def test_the_manifest_icons_are_pngs_of_the_sizes_it_names(client):
    icons = client.get("/manifest.webmanifest").json["icons"]
    assert {(icon["sizes"], icon["purpose"]) for icon in icons} == {
        ("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable"),
    }  # fmt: skip
    for icon in icons:
        response = client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        assert icon["type"] == response.mimetype == "image/png"
        width, height = _png_size(response.data)
        assert f"{width}x{height}" == icon["sizes"], icon["src"]


def test_every_page_links_the_manifest_and_the_touch_icon(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert f'<meta name="theme-color" content="{_css_colour("portal-teal")}">' in html
    touch_icon = re.search(r'<link rel="apple-touch-icon" href="([^"]+)"', html).group(1)
    assert _png_size(client.get(touch_icon).data) == (180, 180)


@pytest.mark.parametrize("who", ["visitor", "patient"])
def test_the_service_worker_is_served_at_the_root_and_never_kept_stale(client, login_as, make, who):
    if who == "patient":
        login_as(make.patient())
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response.headers  # its own path: scope "/"


def test_the_service_worker_keeps_the_files_the_pages_need(client):
    script = client.get("/sw.js").get_data(as_text=True)
    first_line, _, source = script.partition("\n")
    settings = json.loads(first_line.removeprefix("self.OFFLINE_SETTINGS = ").removesuffix(";"))
    assert "const SETTINGS = self.OFFLINE_SETTINGS;" in source
    assert re.fullmatch(r"[0-9a-f]{12}", settings["version"])
    page = client.get("/guide").get_data(as_text=True)
    linked = set(re.findall(r'(?:href|src)="(/(?:bootstrap/)?static/[^"]+)"', page))
    assert linked <= set(settings["precache"]), linked - set(settings["precache"])
    for url in settings["precache"]:
        assert client.get(url).status_code == 200, url
    assert settings["pages"] == list(OFFLINE_PAGES)


def test_a_changed_file_or_worker_is_a_new_cache_version():
    def version(script: str) -> str:
        return json.loads(script.partition("\n")[0].split(" = ", 1)[1].rstrip(";"))["version"]

    base = version(worker_script("source", ["/static/a.css?v=1"]))
    assert version(worker_script("source", ["/static/a.css?v=1"])) == base
    assert version(worker_script("source", ["/static/a.css?v=2"])) != base
    assert version(worker_script("source 2", ["/static/a.css?v=1"])) != base


KEPT = ["/today", "/today/practice/12", "/safety/stopped", "/guide", "/guide/BL23"]
NEVER_KEPT = [
    "/", "/progress", "/today/practice/12/stop", "/today/practice/x", "/account",
    "/therapist", "/therapist/patients/3", "/desk", "/admin", "/messages", "/appointments",
    "/safety/screening", "/guide/BL23/edit", "/plans/3/discharge-summary", "/program/print",
]  # fmt: skip


@pytest.mark.parametrize("path", KEPT + NEVER_KEPT)
def test_only_the_patients_day_the_stop_advice_and_the_guide_are_kept_offline(path):
    # The patterns are plain enough to mean the same in Python's re and JavaScript's RegExp.
    kept = any(re.search(pattern, path) for pattern in OFFLINE_PAGES)
    assert kept == (path in KEPT)


def _settings(html: str) -> dict:
    block = re.search(r'<template id="offline-settings">(.*?)</template>', html)
    return json.loads(block.group(1))


def test_the_worker_is_registered_for_patients_and_visitors_not_staff(client, login_as, make):
    assert _settings(client.get("/guide").get_data(as_text=True))["worker"] == "/sw.js"
    patient = login_as(make.patient())
    settings = _settings(client.get("/guide").get_data(as_text=True))
    assert (settings["worker"], settings["user"], settings["patient"]) == (
        "/sw.js",
        patient.id,
        True,
    )
    client.post("/logout")
    login_as(make.therapist())
    settings = _settings(client.get("/guide").get_data(as_text=True))
    assert (settings["worker"], settings["patient"]) == (None, False)
    assert "text" not in settings and "sync" not in settings


def test_today_asks_to_keep_the_stop_advice_and_the_guide(client, login_as, clinic, items):
    login_as(clinic["patient"])
    today = _settings(client.get("/today").get_data(as_text=True))
    assert today["keep"] == ["/safety/stopped", "/guide"]
    assert _settings(client.get("/progress").get_data(as_text=True))["keep"] == []


def test_logging_out_tells_the_browser_to_drop_what_it_kept(client, login_as, make):
    login_as(make.patient())
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"storage"'


def test_the_practice_page_carries_the_stop_advice_for_offline_use(client, login_as, clinic, items):
    login_as(clinic["patient"])
    html = client.get(f"/today/practice/{items['GV4'].id}").get_data(as_text=True)
    advice = re.search(r'<template id="offline-stop-advice">(.*?)</template>', html, re.S).group(1)
    assert "You did the right thing to stop" in advice
    assert "Your therapist will be told as soon as your phone is back online." in advice
    assert "has been told" not in advice
    assert clinic["centre"].name in advice
    assert 'href="tel:112"' in advice


@pytest.mark.parametrize("language", ["en", "hi", "kn", "te"])
def test_the_words_for_offline_come_in_the_patients_language_with_their_blanks(
    client, login_as, make, language
):
    patient = make.patient()
    patient.language = language
    db.session.commit()
    login_as(patient)
    text = _settings(client.get("/today").get_data(as_text=True))["text"]
    for forms in (text["sessions"], text["stops"]):
        assert "{count}" in forms["one"] and "{count}" in forms["other"]
    assert "{title}" in text["session_line"] and "{index}" in text["session_line"]
    assert "{title}" in text["refused"] and "{reason}" in text["refused"]
    english = text["saved_mark"] == "Saved on this phone"
    assert english == (language == "en")


def test_the_words_for_offline_follow_a_change_of_language(client, login_as, make):
    """The words are worked out once per language and kept: a patient who changes language
    gets the new language's, and a visitor's page has none."""
    patient = login_as(make.patient())
    english = _settings(client.get("/today").get_data(as_text=True))
    patient.language = "hi"
    db.session.commit()
    hindi = _settings(client.get("/today").get_data(as_text=True))
    assert english["text"]["saved_mark"] == "Saved on this phone"
    assert hindi["text"]["saved_mark"] not in ("", english["text"]["saved_mark"])
    assert hindi["user"] == english["user"] == patient.id
    client.post("/logout")
    visitor = _settings(client.get("/guide").get_data(as_text=True))
    assert visitor["user"] is None and "text" not in visitor
