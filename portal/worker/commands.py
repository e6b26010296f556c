"""`flask worker`, and `flask send-reminders`: the worker's scheduled work, run once (cron)."""

import click
from flask.cli import with_appcontext

from portal.booking.emails import queue_due_reminders
from portal.notifications.delivery import deliver_due_emails
from portal.reminders.services import send_due_practice_reminders
from portal.worker.tasks import worker


@click.command("worker")
@click.option("--threads", default=2, show_default=True, help="Tasks run at the same time.")
@with_appcontext
def run_worker(threads: int) -> None:
    """Deliver emails and run the schedule (reminders, erasures) until stopped (Ctrl-C)."""
    # SIGTERM (what `make run`, systemd and docker send) lets a send in progress finish.
    consumer = worker().queue.create_consumer(
        workers=threads, worker_type="thread", periodic=True, graceful_signal="TERM"
    )
    consumer.run()


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Queue tomorrow's appointment reminders and today's practice reminders (each once), and
    deliver every email that is due.

    The worker does all three on its own schedule; this is for running them from cron instead.
    """
    queued = queue_due_reminders()
    practice = send_due_practice_reminders()
    delivered = deliver_due_emails()
    click.echo(
        f"{queued} reminders queued; {practice.sent} practice reminders queued "
        f"({practice.not_needed} not needed: all done); {delivered.sent} emails sent, "
        f"{delivered.failed} failed (retried later)."
    )
