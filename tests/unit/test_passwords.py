import pytest

from portal.accounts.passwords import password_problem


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
