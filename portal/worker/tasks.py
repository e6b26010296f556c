"""What the worker does: deliver emails when asked, and on its schedule sweep the outbox,
queue appointment and practice reminders, carry out erasures and, nightly, rewrite the
patients' attention rows. Each task runs in an app context of its own."""

import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Flask, current_app
from huey import Huey, crontab
from huey.api import TaskWrapper

from portal.booking.emails import queue_due_reminders
from portal.notifications.delivery import deliver_due_emails, deliver_emails
from portal.privacy.erasure import carry_out_due_erasures
from portal.programs.attention_summary import refresh_everyone
from portal.reminders.services import send_due_practice_reminders
from portal.worker.queue import QUEUE_NAME, make_task_queue

log = logging.getLogger(__name__)

URGENT_PRIORITY = 100


@dataclass(frozen=True)
class Worker:
    queue: Huey
    deliver: TaskWrapper
    sweep: TaskWrapper
    reminders: TaskWrapper
    practice_reminders: TaskWrapper
    erasures: TaskWrapper
    attention: TaskWrapper


def init_worker(app: Flask) -> None:
    queue = make_task_queue(
        app.config.get("TASK_QUEUE_URL"),
        app.instance_path,
        app.config.get("TASK_QUEUE_NAME", QUEUE_NAME),
    )
    app.extensions["worker"] = register_tasks(app, queue)


def worker() -> Worker:
    return current_app.extensions["worker"]


def register_tasks(app: Flask, queue: Huey) -> Worker:
    in_app = functools.partial(_in_app_context, app)
    return Worker(
        queue=queue,
        deliver=queue.task(name="deliver_emails")(in_app(deliver_emails)),
        # Catches what no task was queued for: a failed enqueue, retries that fell due.
        sweep=queue.periodic_task(crontab(minute="*"), name="deliver_due_emails")(
            in_app(deliver_due_emails)
        ),
        reminders=queue.periodic_task(crontab(minute="*/15"), name="queue_due_reminders")(
            in_app(queue_due_reminders)
        ),
        # Each patient's chosen time, in their centre's zone: on time to within 5 minutes.
        practice_reminders=queue.periodic_task(
            crontab(minute="*/5"), name="send_practice_reminders"
        )(in_app(send_due_practice_reminders)),
        erasures=queue.periodic_task(crontab(minute="17"), name="process_erasures")(
            in_app(carry_out_due_erasures)
        ),
        # Not needed for the day rolling over (the rows cover every day to come): drops runs
        # that have ended and repairs rows written behind the portal's back. 21:40 UTC is
        # after midnight in India, the quietest hour.
        attention=queue.periodic_task(crontab(minute="40", hour="21"), name="refresh_attention")(
            in_app(refresh_everyone)
        ),
    )


def _in_app_context(app: Flask, function: Callable) -> Callable:
    @functools.wraps(function)
    def run(*args, **kwargs):
        with app.app_context():
            result = function(*args, **kwargs)
        log.info("%s: %s", function.__name__, result)
        return result

    return run


def enqueue_delivery(emails: Iterable[tuple[int, bool]]) -> None:
    """Ask the worker to deliver these (id, urgent) emails; urgent ones jump the queue.

    If the queue cannot be reached, nothing is lost: the emails are in the outbox and the
    minute's sweep delivers them.
    """
    emails = list(emails)
    urgent = [email_id for email_id, is_urgent in emails if is_urgent]
    normal = [email_id for email_id, is_urgent in emails if not is_urgent]
    try:
        if urgent:
            worker().deliver(urgent, priority=URGENT_PRIORITY)
        if normal:
            worker().deliver(normal)
    except Exception:
        log.exception("could not queue delivery of emails %s; the sweep will send them", emails)
