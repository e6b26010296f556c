import click
from flask.cli import with_appcontext

from portal.notifications.services import queue_due_reminders, send_pending


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Queue tomorrow's reminders (each once) and send every email still waiting (for cron)."""
    queued = queue_due_reminders()
    sent, failed = send_pending(limit=1000)
    click.echo(f"{queued} reminders queued; {sent} emails sent, {failed} still waiting.")
