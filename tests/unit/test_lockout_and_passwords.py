from datetime import UTC, datetime, timedelta

import pytest

from portal.accounts.lockout import is_locked, lockout_for
from portal.accounts.passwords import password_problem


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(4, None), (5, timedelta(minutes=1)), (6, None), (10, timedelta(minutes=5)),
     (15, timedelta(minutes=25)), (20, timedelta(hours=2)), (40, timedelta(hours=2))],
)  # fmt: skip
def test_lockout_grows_with_repeated_failures(failures, wait):
    assert lockout_for(failures) == wait


def test_a_lock_ends_on_time():
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert is_locked(now + timedelta(seconds=1), now)
    assert not is_locked(now, now)
    assert not is_locked(None, now)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 10"),
        ("password123", "too common"),
        ("Bangalore123", "too common"),
        ("aaaaaaaaaaaa", "too common"),
        ("menon-is-great-2026", "your name or email"),
        ("my back feels better", None),
    ],
)
def test_password_rules(password, problem):
    found = password_problem(password, ("Priya Menon", "priya"))
    assert (found is None) if problem is None else (problem in found)
