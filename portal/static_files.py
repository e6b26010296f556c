"""Requests for static files (ours and Bootstrap's): the same for everyone, nothing personal.

Every URL the app writes for a static file carries a digest of the file's content
(`/static/css/portal.css?v=3f2a…`), so a browser may keep it for a year without asking again:
a changed file has a new digest, hence a new URL, and pages fetch the new one at once. A
request without the current digest (an old page, a hand-typed URL) gets the usual short,
revalidated caching. Compression is left to the web server in front (nginx).

A running server's files do not change (a release starts new processes), so each file's
digest is worked out once per process, and its links are remembered like any other
(portal/remembered_urls.py). In debug mode, or with STATIC_DIGESTS_FOLLOW_EDITS set, the
digest follows an edited file at once, at the cost of a stat per link.
"""

import hashlib
import os
from functools import lru_cache

from flask import Flask, Response, current_app, request

LONG_CACHE_SECONDS = 365 * 24 * 3600
VERSION_ARG = "v"
FOLLOW_EDITS = "STATIC_DIGESTS_FOLLOW_EDITS"


def is_static_file_request() -> bool:
    return is_static_endpoint(request.endpoint or "")


def digests_follow_edits(app: Flask) -> bool:
    """Whether a link to a static file must notice the file's edits: in debug mode, unless
    STATIC_DIGESTS_FOLLOW_EDITS says otherwise."""
    setting = app.config.get(FOLLOW_EDITS)
    return app.debug if setting is None else bool(setting)


def register(app: Flask) -> None:
    app.url_defaults(_add_version)
    app.after_request(_cache_versioned_files)


def _add_version(endpoint: str, values: dict) -> None:
    if not is_static_endpoint(endpoint) or "filename" not in values or VERSION_ARG in values:
        return
    if (digest := _digest_of(endpoint, values["filename"])) is not None:
        values[VERSION_ARG] = digest


def _cache_versioned_files(response: Response) -> Response:
    if not is_static_file_request() or response.status_code != 200:
        return response
    asked = request.args.get(VERSION_ARG)
    filename = (request.view_args or {}).get("filename")
    endpoint = request.endpoint
    if asked and filename and endpoint and asked == _digest_of(endpoint, filename):
        response.cache_control.public = True
        response.cache_control.max_age = LONG_CACHE_SECONDS
        response.cache_control.immutable = True
        response.cache_control.no_cache = None
    return response


def is_static_endpoint(endpoint: str) -> bool:
    return endpoint == "static" or endpoint.endswith(".static")


def _digest_of(endpoint: str, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256; None when there is no such file."""
    blueprint = endpoint.rpartition(".")[0]
    owner = current_app.blueprints[blueprint] if blueprint else current_app
    folder = owner.static_folder
    if folder is None:
        return None
    if digests_follow_edits(current_app):
        return _current_digest(folder, filename)
    return _first_digest(folder, filename)


@lru_cache(maxsize=1024)
def _first_digest(folder: str, filename: str) -> str | None:
    return _current_digest(folder, filename)


def _current_digest(folder: str, filename: str) -> str | None:
    """Resolving the path (realpath: a system call per path component) is done once per
    name; the file's time and size, a stat, key its digest, so an edit is noticed."""
    path = _inside(folder, filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _digest(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1024)
def _inside(folder: str, filename: str) -> str | None:
    """The file's real path, if it lies inside the folder (whether or not it exists)."""
    path = os.path.realpath(os.path.join(folder, filename))
    return path if path.startswith(os.path.realpath(folder) + os.sep) else None


@lru_cache(maxsize=256)
def _digest(path: str, _mtime_ns: int, _size: int) -> str:
    """Read once per version of the file (an edit changes its time and so the cache key)."""
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]
