"""The installable app's own URLs: the manifest, the service worker (at the root, so it may
keep any page of ours), and the sync of what a phone queued offline (patients only)."""

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from portal.accounts.roles import Role, roles_required
from portal.offline.entries import read_entries
from portal.offline.presenters import OfflinePage, outcome_json
from portal.offline.pwa import PRECACHE, manifest, worker_script
from portal.offline.sync import sync_entries
from portal.security.headers import same_for_everyone

blueprint = Blueprint("offline", __name__)


@blueprint.app_context_processor
def offline_page() -> dict:
    return {"offline": OfflinePage()}


@blueprint.get("/manifest.webmanifest")
@same_for_everyone
def web_manifest():
    name = current_app.config["CLINIC_NAME"]
    body = manifest(name, name.split()[0], lambda path: url_for("static", filename=path))
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@blueprint.get("/sw.js")
@same_for_everyone
def service_worker():
    source = Path(current_app.static_folder or "", "js", "sw.js").read_text(encoding="utf-8")
    precache = [url_for(endpoint, filename=filename) for endpoint, filename in PRECACHE]
    response = Response(worker_script(source, precache), mimetype="text/javascript")
    # The browser asks for a new worker on every visit; an old copy must never stick.
    response.cache_control.no_cache = True
    return response


@blueprint.get("/offline/token")
@roles_required(Role.PATIENT)
def token():
    """A CSRF token for the sync: the queue may have waited on the phone longer than the
    token of the page it was made on is valid."""
    return jsonify(csrf_token=generate_csrf())


@blueprint.post("/offline/sync")
@roles_required(Role.PATIENT)
def sync():
    """Queued sessions and stops, JSON in (CSRF token in X-CSRFToken), an answer per entry out:
    saved, already saved, or refused with the reason."""
    entries = read_entries(request.get_json(silent=True))
    if entries is None:
        abort(400)
    outcomes = sync_entries(current_user, entries)
    return jsonify(results=[outcome_json(outcome) for outcome in outcomes])
