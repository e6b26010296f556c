"""The sync's answers as the phone shows them: a status for its queue, words for the patient."""

from flask import request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.offline.entries import Reason
from portal.offline.pwa import THEME_COLOUR
from portal.offline.sync import Outcome
from portal.programs.forms import PAIN_MESSAGE

REASON_TEXT = {
    Reason.UNREADABLE: "This could not be read. Please fill it in again.",
    Reason.TOO_OLD: "You can fill in the last 7 days only.",
    Reason.NOT_FOUND: "This is not in your program for that day.",
    Reason.STOPPED: "This one is stopped until your therapist has looked at it.",
    Reason.BLOCKED: "This point is locked for now.",
    Reason.INVALID: "Tap a number from 0 (no pain) to 10 (worst pain).",
}


def outcome_json(outcome: Outcome) -> dict:
    answer: dict = {"key": outcome.key, "status": outcome.status.value}
    if outcome.reason is not None:
        answer["reason"] = outcome.reason.value
        answer["message"] = outcome.detail or REASON_TEXT[outcome.reason]
    return answer


class OfflinePage:
    """What base.html needs for the installable app, worked out only when a page asks."""

    theme_colour = THEME_COLOUR

    @property
    def patient(self) -> bool:
        return current_user.is_authenticated and Role.PATIENT in current_user.roles

    def settings(self) -> dict:
        """For offline.js: whose page this is, where to send things, and its words.
        The worker is registered for patients and for visitors (the guide), not for staff."""
        signed_in = current_user.is_authenticated
        settings: dict = {
            "user": current_user.id if signed_in else None,
            "patient": self.patient,
            "worker": url_for("offline.service_worker") if self.patient or not signed_in else None,
            "logout": url_for("accounts.logout"),
        }
        if self.patient:
            on_today = request.endpoint == "programs.today"
            stopped = url_for("programs.stopped")
            settings |= {
                "token": url_for("offline.token"),
                "sync": url_for("offline.sync"),
                "today": url_for("programs.today"),
                "stopped": stopped,
                "keep": [stopped, url_for("guide.index")] if on_today else [],
                "text": patient_texts(),
            }
        return settings


def patient_texts() -> dict:
    """The words offline.js shows; {name} marks what it fills in."""
    return {
        "sessions": {
            "one": "{count} session waiting to send.",
            "other": "{count} sessions waiting to send.",
        },
        "stops": {
            "one": "{count} stop waiting to send.",
            "other": "{count} stops waiting to send.",
        },
        "session_line": "{title}: session {index} done",
        "stop_line": "{title}: stopped because of sharp pain",
        "waiting_explained": "They are kept on this phone and sent when it is back online.",
        "saved_mark": "Saved on this phone",
        "stopped_mark": "Stopped: waiting to send",
        "saved": "Saved on this phone. It will be sent when you are back online.",
        "all_sent": "Everything that waited on this phone is sent.",
        "some_refused": "Some of what waited on this phone could not be saved:",
        "refused": "{title}: {reason}",
        "pain_missing": PAIN_MESSAGE,
    }
