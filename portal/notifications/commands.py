import click
from flask.cli import with_appcontext

from portal.notifications.delivery import deliver_due_emails
from portal.notifications.services import queue_due_reminders


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
