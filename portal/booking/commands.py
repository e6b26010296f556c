"""`flask send-reminders`: booking's reminders and the outbox's due email, from cron."""

import click
from flask.cli import with_appcontext

from portal.booking.emails import queue_due_reminders
from portal.notifications.delivery import deliver_due_emails


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Queue tomorrow's reminders (each once) and deliver every email that is due.

    The worker does both on its own schedule; this is for running them from cron instead.
    """
    queued = queue_due_reminders()
    delivered = deliver_due_emails()
    click.echo(
        f"{queued} reminders queued; {delivered.sent} emails sent, "
        f"{delivered.failed} failed (retried later)."
    )
