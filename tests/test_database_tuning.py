"""How the portal sets up each database connection, on the database the suite runs on."""

from sqlalchemy import text

from portal.app import RANDOM_PAGE_COST
from portal.extensions import db


def test_each_connection_is_tuned_for_its_database(app):
    if db.engine.dialect.name == "postgresql":
        # Set on connecting, committed: a request that rolls back does not undo it.
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        shown = db.session.scalar(text("SHOW random_page_cost"))
        assert float(shown) == RANDOM_PAGE_COST
    else:
        assert db.session.scalar(text("PRAGMA foreign_keys")) == 1
        assert db.session.scalar(text("PRAGMA journal_mode")) == "wal"
        assert db.session.scalar(text("PRAGMA busy_timeout")) == 15000
