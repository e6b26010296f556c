"""The reminder email: what is still to do today (names only: no doses, no clinical detail),
a link to /today, and a one-click way to stop (a link, and List-Unsubscribe for mail apps)."""

from datetime import time

from portal.accounts.models import User
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
    return queue_plain_email(
        kind=KIND,
        to_email=patient.email,
        subject=_subject(reminder),
        body=_body(patient, reminder, remind_at, time_name, off),
        unsubscribe_url=off,
    )


def _subject(reminder: PracticeReminder) -> str:
    left = len(reminder.techniques)
    return f"Your home practice today: {left} still to do"


def _body(
    patient: User, reminder: PracticeReminder, remind_at: time, time_name: str, off: str
) -> str:
    return "\n".join(
        [
            f"Dear {patient.name},",
            "",
            f"Your home program for today, {day(reminder.day, 'long')}, still has:",
            "",
            *(f"  - {name}" for name in reminder.techniques),
            "",
            f"Open today's practice: {portal_link('programs.today')}",
            "",
            f"You asked for this reminder at {clock(remind_at)} ({time_name}) on days with "
            "practice left to do.",
            f"Change the time: {portal_link('reminders.settings')}",
            f"Stop these reminders (one click, no sign-in needed): {off}",
            "",
            "Sthira Physio",
        ]
    )
