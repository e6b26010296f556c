from datetime import date, timedelta

import pytest

from portal.request_values import MAX_ID, near, parse_id, parse_whole_number


def test_the_largest_id_is_postgresqls_largest_integer():
    assert MAX_ID == 2_147_483_647  # ids in URLs past it would fail in the database, not 404


def test_a_date_exactly_at_the_reach_is_near():
    today = date(2026, 12, 2)
    assert near(today + timedelta(days=30), today, timedelta(days=30))
    assert near(today - timedelta(days=30), today, timedelta(days=30))
    assert not near(today + timedelta(days=31), today, timedelta(days=30))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("", None),
        (None, None),
        ("-1", None),
        ("4.2", None),
        ("³", None),  # a digit to str.isdigit(), not to int()
        ("２", None),  # a full-width digit: int() reads it, but it is no id we print
        ("12345678901", None),
    ],
)
def test_an_id_is_ascii_digits_that_fit_a_database_integer(raw, expected):
    assert parse_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        ("007", 7),
        ("123", 123),
        ("1234", None),  # longer than asked for
        ("¹", None),  # superscript one: str.isdigit() says yes, int() raises
        ("३", None),  # Devanagari three: int() reads it, but it is no number we print
        (" 1", None),
        ("", None),
        (None, None),
    ],
)
def test_a_whole_number_is_a_few_ascii_digits(raw, expected):
    assert parse_whole_number(raw, max_digits=3) == expected
