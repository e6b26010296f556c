"""Shared fixtures: one app per test session on a database built by the migrations, emptied
after every test, plus small factories so each test reads as the story it checks."""

import os
import random
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, request_started, request_tearing_down
from flask_migrate import upgrade
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from portal.app import create_app
from portal.extensions import db
from portal.localtime import local_today
from tests.factories import Factories

FUZZ_SEED = "FUZZ_SEED"  # the environment variable that replays a run of the form fuzzing

# CI keeps drawing new random inputs (no `derandomize`): a fixed derandomized seed would send
# the same few thousand inputs on every run and never look further. What makes a CI failure
# replayable is the seed, printed in the report header and in the failure (FUZZ_SEED=…), and
# for any plain @given test Hypothesis's own reproduce blob (`print_blob`).
hypothesis_settings.register_profile("ci", print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def pytest_configure(config) -> None:
    compile_stale_catalogues()
    # Chosen once, before pytest-xdist starts its workers: they inherit the environment, so
    # every worker fuzzes with the seed the header shows.
    os.environ.setdefault(FUZZ_SEED, str(random.SystemRandom().randrange(2**32)))


def compile_stale_catalogues() -> None:
    """What `make translations` does, for a bare `pytest` after a catalogue changed: pages are
    rendered from the compiled .mo files, which are never committed. Written whole and then
    renamed, so test processes starting together never read half a file."""
    for po_path in (
        Path(__file__).resolve().parent.parent.glob("portal/translations/*/LC_MESSAGES/*.po")
    ):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po:
            catalogue = read_po(po, locale=po_path.parent.parent.name)
        partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}")
        with partial.open("wb") as mo:
            write_mo(mo, catalogue)
        partial.replace(mo_path)


def pytest_report_header(config) -> str:
    seed = os.environ[FUZZ_SEED]
    return f"form fuzzing seed: {seed} (replay: {FUZZ_SEED}={seed} pytest tests/test_fuzz_forms.py)"


pytest_plugins = ["tests.worker_fixtures"]

TEST_SETTINGS = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,  # tests/security/test_rate_limits.py switches it on
    # argon2id at its cheapest: the cost parameters are tested, not waited for.
    "PASSWORD_HASH_TIME_COST": 1,
    "PASSWORD_HASH_MEMORY_COST": 64,
    # Never the developer's instance/tasks.sqlite3; the `app` fixture gives its own file.
    "TASK_QUEUE_URL": "memory://",
    # No line per request from the live servers of browser tests (tests/deploy checks them).
    "LOG_LEVEL": "WARNING",
}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id) -> Iterator[str]:
    """A database of this test worker's own: a SQLite file, or a new PostgreSQL database."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgresql"):
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.sqlite3'}"
        return
    with temporary_postgres_database(configured, f"portal_test_{worker_id}") as url:
        yield url


class temporary_postgres_database:  # noqa: N801  (used as a context manager, like a function)
    """Creates a uniquely named database on the server of `server_url`; drops it on exit."""

    def __init__(self, server_url: str, prefix: str) -> None:
        self.url = make_url(server_url)
        self.name = f"{prefix}_{uuid.uuid4().hex[:8]}"

    def _admin(self):
        dsn = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return psycopg.connect(dsn, autocommit=True)

    def __enter__(self) -> str:
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        return self.url.set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *exc_info) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def outbox_dir(tmp_path_factory):
    """Where test emails are written: never the developer's instance/outbox."""
    return tmp_path_factory.mktemp("outbox")


@pytest.fixture(scope="session")
def task_queue_url(tmp_path_factory) -> str:
    """The worker's queue for this test worker: a SQLite file, so a real consumer process
    and the live server of the browser tests can share it."""
    return f"sqlite:///{tmp_path_factory.mktemp('queue') / 'tasks.sqlite3'}"


@pytest.fixture(scope="session")
def app(database_url, outbox_dir, task_queue_url) -> Iterator[Flask]:
    app = create_app(
        {**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, "MAIL_OUTBOX_DIR": outbox_dir,
         "TASK_QUEUE_URL": task_queue_url}
    )  # fmt: skip
    request_started.connect(_forget_previous_request, app)
    request_tearing_down.connect(_end_the_requests_transaction, app)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def _forget_previous_request(_sender, **_extra) -> None:
    # A test's requests run inside the test's app context, so they would share `g` (and with
    # it Flask-Login's cached user and Flask-WTF's token) and the test's open transaction. In
    # production each request starts with an empty `g` and begins its own transaction (on
    # SQLite a writing request's takes the write lock: portal/transactions.py); so does each
    # request here.
    g.__dict__.clear()
    db.session.commit()


def _end_the_requests_transaction(_sender, **_extra) -> None:
    # In production the request's session is removed when it ends, and with it whatever
    # transaction it left open (on SQLite a writing request's holds the write lock). The test's
    # session outlives the request, so end that transaction here, or the worker or another
    # process the test starts would wait for a lock nobody releases.
    db.session.rollback()


@pytest.fixture(autouse=True)
def _app_context_and_empty_database(request) -> Iterator[None]:
    """Each test that uses the app runs in its own app context and leaves no rows behind."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        yield
        db.session.remove()
        empty_all_tables()
        app.extensions["worker"].queue.flush()


def empty_all_tables(attempts: int = 5) -> None:
    """On PostgreSQL, TRUNCATE locks the tables one by one; a request the browser still makes
    to the live server after its test (a service worker filling its cache) can hold one of
    them and wait for another, and PostgreSQL ends the deadlock by failing one side. The
    request retries as a browser would; so does this, once that request is done."""
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    for attempt in range(1, attempts + 1):
        try:
            with db.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    _empty_the_filled(connection, tables)
                else:
                    for name in tables:
                        connection.execute(text(f'DELETE FROM "{name}"'))  # noqa: S608
            return
        except OperationalError as error:
            if attempt == attempts or "deadlock detected" not in str(error):
                raise
            time.sleep(0.2 * attempt)


def _empty_the_filled(connection, tables: list[str]) -> None:
    """TRUNCATE costs milliseconds a table whatever it holds (new files for each), and its
    CASCADE reaches every table that refers to users: 150 to 250 ms after every test. The
    tables with rows are emptied with DELETE instead, with triggers and foreign-key checks
    off for the transaction (session_replication_role, a superuser's setting, as the test
    server's is), and every sequence starts again, as RESTART IDENTITY did."""
    connection.execute(text("SET LOCAL session_replication_role = replica"))
    probes = " UNION ALL ".join(
        f"SELECT '{name}' WHERE EXISTS (SELECT FROM \"{name}\")"  # noqa: S608 (our tables)
        for name in tables
    )
    for name in connection.scalars(text(probes)).all():
        connection.execute(text(f'DELETE FROM "{name}"'))  # noqa: S608
    connection.execute(text("SELECT setval(seqrelid, seqstart, false) FROM pg_sequence"))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app) -> Factories:
    return Factories()


@pytest.fixture
def seeded(app):
    from portal.demo.seed import seed_demo

    seed_demo()


class AuthActions:
    def __init__(self, client) -> None:
        self._client = client

    def login(self, email: str, password: str = "correct horse battery"):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def login_as(auth):
    def login(user, password: str = "correct horse battery"):
        response = auth.login(user.email, password)
        assert response.status_code == 302, "login failed in a fixture"
        return user

    return login


# A small clinic with one patient following a program: the world most care tests start from.


@pytest.fixture
def today():
    return local_today("Asia/Kolkata")


@pytest.fixture
def clinic(make):
    """A Bengaluru centre with a therapist, and a patient of that centre who is screened."""
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    therapist = make.therapist(centre, name="Dr. Arjun Hegde")
    patient = make.patient(name="Rohan Kulkarni", centre=centre)
    make.screening(patient)
    return {"centre": centre, "therapist": therapist, "patient": patient}


@pytest.fixture
def plan(make, clinic):
    """BL23 twice a day, GV4 once, the bridge once: four occurrences every day."""
    return make.plan(
        clinic["patient"],
        clinic["therapist"],
        [make.item("BL23", times_per_day=2), make.item("GV4"), make.item("BRIDGE")],
    )


@pytest.fixture
def items(plan):
    return {item.technique.code: item for item in plan.program.versions[-1].items}
