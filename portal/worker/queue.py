"""The task queue the worker reads, chosen by TASK_QUEUE_URL.

No URL: a SQLite file in instance/ (no extra service). `redis://…`: Redis. `postgresql://…`:
PostgreSQL (huey keeps its own huey_* tables: give it a database of its own, not the portal's,
or `flask db check` reports them). `memory://`: this process only.
"""

from pathlib import Path

from huey import Huey, MemoryHuey, PostgresHuey, PriorityRedisHuey, SqliteHuey

QUEUE_NAME = "sthira-portal"


def make_task_queue(url: str | None, instance_path: str, name: str = QUEUE_NAME) -> Huey:
    # Task results are never read: storing them would only fill the queue's storage.
    options = {"name": name, "results": False, "utc": True}
    if not url:
        folder = Path(instance_path)
        folder.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(filename=str(folder / "tasks.sqlite3"), **options)
    scheme, _, rest = url.partition("://")
    if scheme == "sqlite":
        return SqliteHuey(filename=rest.removeprefix("/"), **options)
    if scheme in ("redis", "rediss"):
        # The priority flavour: a red-flag alert overtakes a backlog (needs Redis 5+).
        return PriorityRedisHuey(url=url, **options)
    if scheme.split("+")[0] in ("postgresql", "postgres"):
        return PostgresHuey(dsn=f"postgresql://{rest}", **options)
    if scheme == "memory":
        return MemoryHuey(**options)
    raise ValueError(f"TASK_QUEUE_URL: unknown kind of queue {scheme!r}")
