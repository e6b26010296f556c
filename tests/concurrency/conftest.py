"""A real gunicorn with four worker processes, serving the portal on this test session's
database, for tests that must cross process boundaries (SQLite's locks behave differently
between processes than between threads of one process).

    def test_x(gunicorn_url, make):   # rows made with `make` are seen by the server
        HttpClient(gunicorn_url).post("/contact", {...})

The database is the session's own (migrated by the `app` fixture, emptied after each test),
so tests seed it with the usual factories. CSRF is off and hashing cheap, as in every test;
bookings pause between checking a time and writing it, so races are decided by the guards.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urlopen(f"{url}/healthz", timeout=10) as response:  # noqa: S310 (our own URL)
                if response.status == 200:
                    return
        except OSError:  # not listening yet, or its workers still starting
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within 60 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def gunicorn_url(app, database_url, outbox_dir, tmp_path_factory) -> Iterator[str]:
    """The base URL of `gunicorn -w 4` serving tests/concurrency/gunicorn_app.py."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {**os.environ, "DATABASE_URL": database_url, "PORTAL_TEST_OUTBOX": str(outbox_dir),
           "PORTAL_TEST_PAUSE_BOOKINGS": "1"}  # fmt: skip
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
        "--timeout", "120", "--no-control-socket", "--chdir", str(ROOT),
        "tests.concurrency.gunicorn_app:app",
    ]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        _wait_until_serving(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
