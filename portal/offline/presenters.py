"""The sync's answers as the phone shows them: a status for its queue, words for the patient."""

import json
from functools import lru_cache

from flask import current_app, request, url_for
from flask_login import current_user
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from portal.accounts.roles import Role
from portal.languages import current_language, ngettext
from portal.languages import gettext as _
from portal.languages import lazy_gettext as _l
from portal.offline.entries import MAX_ENTRIES, Reason
from portal.offline.pwa import THEME_COLOUR
from portal.offline.sync import Outcome
from portal.programs.forms import PAIN_MESSAGE

REASON_TEXT = {
    Reason.UNREADABLE: _l("This could not be read. Please fill it in again."),
    Reason.TOO_OLD: _l("You can fill in the last 7 days only."),
    Reason.NOT_FOUND: _l("This is not in your program for that day."),
    Reason.STOPPED: _l("This one is stopped until your therapist has looked at it."),
    Reason.BLOCKED: _l("This point is locked for now."),
    Reason.INVALID: _l("Tap a number from 0 (no pain) to 10 (worst pain)."),
}


def outcome_json(outcome: Outcome) -> dict:
    answer: dict = {"key": outcome.key, "status": outcome.status.value}
    if outcome.reason is not None:
        answer["reason"] = outcome.reason.value
        answer["message"] = str(outcome.detail or REASON_TEXT[outcome.reason])
    return answer


class OfflinePage:
    """What base.html needs for the installable app, worked out only when a page asks."""

    theme_colour = THEME_COLOUR

    @property
    def patient(self) -> bool:
        return current_user.is_authenticated and Role.PATIENT in current_user.roles

    def settings(self) -> Markup:
        """For offline.js, as JSON that may stand in HTML: whose page this is, where to send
        things, and its words. The worker is registered for patients and for visitors (the
        guide), not for staff."""
        signed_in = current_user.is_authenticated
        alike = _settings_alike(
            request.script_root,
            current_language(),
            signed_in,
            self.patient,
            request.endpoint == "programs.today",
        )
        user = json.dumps(current_user.id if signed_in else None)
        return Markup(f'{{"user": {user}, {alike[1:]}')  # noqa: S704  (a number, then JSON)


# The same for everyone alike (links, and words in the page's language): worked out and
# written as JSON once per process, where each page doing it cost a dozen translations and
# links and the JSON of fifteen strings (~150 µs). Shared by every page that asks.
@lru_cache(maxsize=256)
def _settings_alike(
    _script_root: str, _language: str, signed_in: bool, patient: bool, on_today: bool
) -> str:
    settings: dict = {
        "patient": patient,
        "worker": url_for("offline.service_worker") if patient or not signed_in else None,
        "logout": url_for("accounts.logout"),
    }
    if patient:
        stopped = url_for("programs.stopped")
        settings |= {
            "token": url_for("offline.token"),
            "sync": url_for("offline.sync"),
            "max_entries": MAX_ENTRIES,
            "today": url_for("programs.today"),
            "stopped": stopped,
            "keep": (stopped, url_for("guide.index")) if on_today else (),
            "text": patient_texts(),
        }
    return htmlsafe_json_dumps(settings, dumps=current_app.json.dumps)  # as tojson writes it


def patient_texts() -> dict:
    """The words offline.js shows, in the page's language; {name} marks what it fills in
    (a count's two forms are the language's own, for one and for more)."""
    return {
        "sessions": {
            "one": _waiting_sessions(1),
            "other": _waiting_sessions(2),
        },
        "stops": {
            "one": _waiting_stops(1),
            "other": _waiting_stops(2),
        },
        "session_line": _("%(title)s: session %(index)s done", title="{title}", index="{index}"),
        "stop_line": _("%(title)s: stopped because of sharp pain", title="{title}"),
        "waiting_explained": _("They are kept on this phone and sent when it is back online."),
        "saved_mark": _("Saved on this phone"),
        "stopped_mark": _("Stopped: waiting to send"),
        "saved": _("Saved on this phone. It will be sent when you are back online."),
        "all_sent": _("Everything that waited on this phone is sent."),
        "some_refused": _("Some of what waited on this phone could not be saved:"),
        "refused": _("%(title)s: %(reason)s", title="{title}", reason="{reason}"),
        "pain_missing": str(PAIN_MESSAGE),
    }


def _waiting_sessions(count: int) -> str:
    return ngettext(
        "%(count)s session waiting to send.",
        "%(count)s sessions waiting to send.",
        count,
        count="{count}",
    )


def _waiting_stops(count: int) -> str:
    return ngettext(
        "%(count)s stop waiting to send.",
        "%(count)s stops waiting to send.",
        count,
        count="{count}",
    )
