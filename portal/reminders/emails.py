"""The reminder email: what is still to do today (names only: no doses, no clinical detail),
a link to /today, and a one-click way to stop (a link, and List-Unsubscribe for mail apps)."""

from datetime import time

from portal.accounts.email_language import writing_to
from portal.accounts.models import User
from portal.languages import gettext as _
from portal.localtime import clock, day
from portal.notifications.links import portal_link
from portal.notifications.models import OutgoingEmail
from portal.notifications.services import queue_plain_email
from portal.reminders.rules import PracticeReminder
from portal.reminders.tokens import unsubscribe_token

KIND = "practice_reminder"


def queue_practice_reminder(
    patient: User, reminder: PracticeReminder, remind_at: time, time_name: str
) -> OutgoingEmail:
    """Add the email to the current transaction (with the claim of the day it is for)."""
    off = portal_link("reminders.unsubscribe", unsubscribe_token=unsubscribe_token(patient.id))
    with writing_to(patient) as language:
        return queue_plain_email(
            kind=KIND,
            to_email=patient.email,
            subject=_subject(reminder),
            body=_body(patient, reminder, remind_at, time_name, off, language),
            unsubscribe_url=off,
        )


def _subject(reminder: PracticeReminder) -> str:
    left = len(reminder.techniques)
    return _("Your home practice today: %(count)d still to do", count=left)


def _body(
    patient: User,
    reminder: PracticeReminder,
    remind_at: time,
    time_name: str,
    off: str,
    language: str,
) -> str:
    return "\n".join(
        [
            _("Dear %(name)s,", name=patient.name),
            "",
            _(
                "Your home program for today, %(day)s, still has:",
                day=day(reminder.day, "long", language),
            ),
            "",
            *(f"  - {name}" for name in reminder.techniques),
            "",
            _("Open today's practice: %(link)s", link=portal_link("programs.today")),
            "",
            _(
                "You asked for this reminder at %(time)s (%(time_name)s) on days with practice "
                "left to do.",
                time=clock(remind_at, language=language),
                time_name=time_name,
            ),
            _("Change the time: %(link)s", link=portal_link("reminders.settings")),
            _("Stop these reminders (one click, no sign-in needed): %(link)s", link=off),
            "",
            "Sthira Physio",
        ]
    )
