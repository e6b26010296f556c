"""`read()` (portal/statements.py): a SELECT of columns on the session's own connection and
transaction, seeing what the session holds as the session's own queries would."""

from sqlalchemy import bindparam, select

from portal.accounts.models import User
from portal.extensions import db
from portal.statements import read

NAMES = select(User.name).where(User.email.like(bindparam("pattern"))).order_by(User.name)


def test_the_rows_include_what_the_session_holds_unflushed(make):
    make.patient(name="Kavya Reddy", email="kavya@example.test")
    db.session.add(User(name="Arjun Rao", email="arjun@example.test", password_hash="x"))

    assert read(NAMES, {"pattern": "%@example.test"}).scalars().all() == [
        "Arjun Rao",
        "Kavya Reddy",
    ]


def test_a_session_told_not_to_flush_keeps_its_changes_to_itself(make):
    make.patient(name="Kavya Reddy", email="kavya@example.test")
    with db.session.no_autoflush:
        db.session.add(User(name="Arjun Rao", email="arjun@example.test", password_hash="x"))
        names = read(NAMES, {"pattern": "%@example.test"}).scalars().all()
    assert names == ["Kavya Reddy"]


def test_it_reads_in_the_sessions_transaction(make):
    patient = make.patient(name="Kavya Reddy", email="kavya@example.test")
    db.session.commit()
    patient.name = "Kavya R."
    db.session.flush()  # written, not committed: only this transaction sees it
    assert read(NAMES, {"pattern": "kavya@%"}).scalar_one() == "Kavya R."
    db.session.rollback()
    assert read(NAMES, {"pattern": "kavya@%"}).scalar_one() == "Kavya Reddy"
