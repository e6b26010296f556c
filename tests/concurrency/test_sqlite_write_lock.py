"""The rule of portal/transactions.py, seen from a second writer on SQLite: a writing request
holds the write lock from its first query, a reading one does not, argon2 runs without it,
and `serialized()` joins the request's transaction instead of committing it halfway."""

import sqlite3
import warnings
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text

from portal.accounts import passwords
from portal.app import create_app
from portal.extensions import db
from portal.notifications import delivery, mail
from portal.notifications.models import OutgoingEmail
from portal.transactions import DeferredWrite, serialized
from tests.conftest import TEST_SETTINGS


@pytest.fixture
def database(tmp_path) -> str:
    return str(tmp_path / "portal.sqlite3")


@pytest.fixture
def sqlite_app(database) -> Iterator[Flask]:
    """An app on a SQLite file of its own, whatever database the suite runs on."""
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        db.session.execute(text("CREATE TABLE scratch (note TEXT)"))
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def another_writer_gets_in(database: str) -> bool:
    connection = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:  # database is locked
        return False
    finally:
        connection.close()


def _notes() -> list[str]:
    return db.session.scalars(text("SELECT note FROM scratch")).all()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_writing_request_holds_the_write_lock_from_its_first_query(sqlite_app, database, method):
    with sqlite_app.test_request_context("/", method=method):
        db.session.execute(text("SELECT 1"))
        assert not another_writer_gets_in(database)
        db.session.rollback()
        assert another_writer_gets_in(database)


def test_a_reading_request_leaves_the_lock_to_writers(sqlite_app, database):
    with sqlite_app.test_request_context("/", method="GET"):
        db.session.execute(text("SELECT 1"))
        assert another_writer_gets_in(database)
        with serialized():  # a GET page writing its audit events
            db.session.execute(text("INSERT INTO scratch VALUES ('read logged')"))
            assert not another_writer_gets_in(database)
        assert _notes() == ["read logged"]


class _WatchedHasher:
    """argon2 stand-in that notes whether other writers could get in while it ran."""

    def __init__(self, database: str) -> None:
        self.database, self.others_got_in = database, []

    def hash(self, _password: str, salt: bytes | None = None) -> str:
        self.others_got_in.append(another_writer_gets_in(self.database))
        return "$argon2id$stand-in"

    def verify(self, _hash: str, _password: str) -> bool:
        self.others_got_in.append(another_writer_gets_in(self.database))
        return True


@pytest.fixture
def hasher(monkeypatch, database) -> _WatchedHasher:
    watched = _WatchedHasher(database)
    monkeypatch.setattr(passwords, "_hasher", lambda *_cost: watched)
    return watched


def test_argon2_runs_without_the_write_lock(sqlite_app, hasher):
    with sqlite_app.test_request_context("/register", method="POST"):
        db.session.execute(text("SELECT 1"))  # e.g. the centres of the form
        passwords.hash_password("a long enough secret")
        passwords.verify_password("$argon2id$stored", "a long enough secret")
    assert hasher.others_got_in == [True, True]


def test_the_lock_is_kept_when_the_request_has_changed_something(sqlite_app, hasher):
    with sqlite_app.test_request_context("/", method="POST"):
        db.session.execute(text("INSERT INTO scratch VALUES ('half done')"))
        passwords.hash_password("a long enough secret")
        assert _notes() == ["half done"]  # neither committed early nor lost
    assert hasher.others_got_in == [False]


def _write_then_fail() -> None:
    with serialized():
        db.session.execute(text("INSERT INTO scratch VALUES ('inside')"))
        raise RuntimeError("the write failed")


def test_serialized_joins_a_writing_requests_transaction(sqlite_app, database):
    with sqlite_app.test_request_context("/", method="POST"):
        db.session.execute(text("INSERT INTO scratch VALUES ('before')"))
        with pytest.raises(RuntimeError):
            _write_then_fail()
        # The failed block undid only itself (a savepoint); the request's transaction goes
        # on, still holding the lock, and nothing is committed before the request decides.
        assert _notes() == ["before"]
        assert not another_writer_gets_in(database)
        db.session.rollback()
        assert _notes() == []


def test_a_reading_request_writing_outside_serialized_is_caught(sqlite_app):
    with sqlite_app.test_request_context("/", method="GET"):
        db.session.execute(text("SELECT 1"))
        with pytest.warns(DeferredWrite, match="GET / writes without the write lock"):
            db.session.execute(text("INSERT INTO scratch VALUES ('unsafe')"))
        db.session.rollback()


def test_a_reading_request_may_select_with_a_common_table_expression(sqlite_app, database):
    with sqlite_app.test_request_context("/", method="GET"), warnings.catch_warnings():
        warnings.simplefilter("error", DeferredWrite)
        rows = db.session.execute(
            text("WITH recent AS (SELECT note FROM scratch) SELECT count(*) FROM recent")
        ).scalar_one()
        assert rows == 0
        assert another_writer_gets_in(database)  # still a reader: no lock taken
        db.session.rollback()


def test_a_common_table_expression_that_writes_is_caught(sqlite_app):
    with sqlite_app.test_request_context("/", method="GET"):
        db.session.execute(text("SELECT 1"))
        with pytest.warns(DeferredWrite, match="writes without the write lock"):
            db.session.execute(
                text(
                    "WITH new AS (SELECT 'unsafe' AS note) INSERT INTO scratch SELECT note FROM new"
                )
            )
        db.session.rollback()


def test_a_mail_server_is_waited_for_without_the_write_lock(sqlite_app, database, monkeypatch):
    with sqlite_app.app_context():
        upgrade()
    others_got_in = []

    def deliver(_email) -> None:
        others_got_in.append(another_writer_gets_in(database))

    monkeypatch.setattr(mail, "deliver", deliver)
    with sqlite_app.app_context():  # the worker: an app context, no request
        with serialized():
            email = OutgoingEmail(kind="booked", to_email="a@example.test", subject="Hi", body="…")
            db.session.add(email)
        assert delivery.deliver_emails([email.id]) == delivery.Delivered(sent=1)
    assert others_got_in == [True]
