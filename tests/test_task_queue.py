"""The worker's queue: a SQLite file by default (no extra service), Redis in production,
where an urgent task still overtakes a backlog."""

import uuid
from pathlib import Path

import pytest
from huey import MemoryHuey, PriorityRedisHuey, SqliteHuey

from portal.worker.queue import make_task_queue
from portal.worker.tasks import URGENT_PRIORITY


def test_without_a_url_the_queue_is_a_sqlite_file_in_the_instance_folder(tmp_path):
    queue = make_task_queue(None, str(tmp_path))
    assert isinstance(queue, SqliteHuey)
    assert Path(queue.storage.filename) == tmp_path / "tasks.sqlite3"


def test_a_sqlite_url_names_the_file(tmp_path):
    queue = make_task_queue(f"sqlite:///{tmp_path / 'q.sqlite3'}", "unused")
    assert Path(queue.storage.filename) == tmp_path / "q.sqlite3"


def test_redis_uses_the_flavour_that_honours_priorities():
    assert isinstance(make_task_queue("redis://127.0.0.1:6379/0", "unused"), PriorityRedisHuey)


def test_memory_and_unknown_kinds():
    assert isinstance(make_task_queue("memory://", "unused"), MemoryHuey)
    with pytest.raises(ValueError, match="unknown kind of queue"):
        make_task_queue("amqp://broker", "unused")


def test_on_redis_an_urgent_delivery_overtakes_a_backlog():
    queue = make_task_queue(
        "redis://127.0.0.1:6379/0", "unused", name=f"portal-test-{uuid.uuid4().hex[:8]}"
    )
    deliver = queue.task(name="deliver_emails")(lambda email_ids: email_ids)
    try:
        for backlog in range(3):
            deliver([backlog])
        deliver([99], priority=URGENT_PRIORITY)
        order = [queue.dequeue().data[0][0] for _ in range(4)]
        assert order == [[99], [0], [1], [2]]
    finally:
        queue.flush()
