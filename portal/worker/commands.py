import click
from flask.cli import with_appcontext

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
