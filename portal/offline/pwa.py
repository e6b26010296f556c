"""The installable app: its manifest, and what the service worker keeps for offline use.

Theme colours are portal.css's: --portal-teal for the bar, --portal-sand behind the splash.
"""

import hashlib
import json
from collections.abc import Callable

THEME_COLOUR = "#0b4f54"
BACKGROUND_COLOUR = "#fbf7f2"

ICONS = (
    ("img/icon-192.png", 192, "any"),
    ("img/icon-512.png", 512, "any"),
    ("img/icon-maskable-192.png", 192, "maskable"),
    ("img/icon-maskable-512.png", 512, "maskable"),
)

# Files every patient page needs (endpoint, filename), kept by the worker when it installs.
PRECACHE = (
    ("bootstrap.static", "css/bootstrap.min.css"),
    ("bootstrap.static", "umd/popper.min.js"),
    ("bootstrap.static", "js/bootstrap.min.js"),
    ("static", "css/portal.css"),
    ("static", "js/offline.js"),
    ("static", "js/timer.js"),
    ("static", "js/timer-clock.js"),  # imported by timer.js (a module)
    ("static", "img/logo.svg"),
    ("static", "img/apple-touch-icon.png"),
    *(("static", path) for path, _size, _purpose in ICONS),
)

# The pages kept for offline use, by path: the patient's day, the practice pages of its
# items, what to do after a stop, and the guide. Nothing else: no staff page, no other page
# with a patient's data, is ever stored on the phone.
OFFLINE_PAGES = (
    r"^/today$",
    r"^/today/practice/\d+$",
    r"^/safety/stopped$",
    r"^/guide$",
    r"^/guide/[A-Za-z0-9-]+$",
)


def manifest(name: str, short_name: str, static_url: Callable[[str], str]) -> dict:
    return {
        "name": name,
        "short_name": short_name,
        "id": "/today",
        "start_url": "/today",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {
                "src": static_url(path),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
            }
            for path, size, purpose in ICONS
        ],
    }


def worker_script(source: str, precache: list[str]) -> str:
    """The service worker: its source after a line of settings. The version names the static
    cache; it changes with any precached file (their URLs carry digests) or the source, so
    the browser installs the new worker and it drops the old files."""
    version = hashlib.sha256("\n".join([source, *precache]).encode()).hexdigest()[:12]
    settings = {"version": version, "precache": precache, "pages": list(OFFLINE_PAGES)}
    return f"self.OFFLINE_SETTINGS = {json.dumps(settings)};\n{source}"
