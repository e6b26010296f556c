"""Sign-in throttle rules: a few free failures, then pauses that double up to a cap; attempts
made while paused are not counted; a day without failures starts the count again."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.accounts.throttle import (
    Failures,
    account_key,
    after_failure,
    device_key,
    is_paused,
    pause_after,
    paused_until,
)

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("count", "pause"),
    [(1, timedelta(0)), (4, timedelta(0)), (5, timedelta(minutes=1)), (6, timedelta(minutes=2)),
     (8, timedelta(minutes=8)), (10, timedelta(minutes=30)), (40, timedelta(minutes=30))],
)  # fmt: skip
def test_pauses_start_after_four_free_failures_and_double_up_to_half_an_hour(count, pause):
    assert pause_after(count) == pause


def _fail(times: int, start: datetime = NOW, every: timedelta = timedelta(seconds=1)):
    failures = Failures()
    for n in range(times):
        failures = after_failure(failures, start + n * every)
    return failures


def test_the_fifth_failure_pauses_sign_in_for_a_minute():
    four = _fail(4)
    assert paused_until(four) is None  # four are free: no pause, not one already over
    assert not is_paused(four, NOW + timedelta(seconds=4))
    five = after_failure(four, NOW + timedelta(seconds=4))
    assert paused_until(five) == NOW + timedelta(seconds=4, minutes=1)
    assert is_paused(five, NOW + timedelta(seconds=30))
    assert not is_paused(five, NOW + timedelta(seconds=4, minutes=1))


def test_attempts_while_paused_are_not_counted_so_hammering_does_not_lengthen_the_pause():
    five = _fail(5)
    hammered = after_failure(five, NOW + timedelta(seconds=10))
    assert hammered == five
    assert paused_until(hammered) == paused_until(five)


def test_a_failure_after_the_pause_counts_and_doubles_it():
    five = _fail(5)
    later = NOW + timedelta(minutes=2)
    six = after_failure(five, later)
    assert six.count == 6
    assert paused_until(six) == later + timedelta(minutes=2)


def test_a_day_without_failures_forgets_them():
    five = _fail(5)
    next_day = five.last_at + timedelta(hours=24)
    assert not is_paused(five, next_day)
    assert after_failure(five, next_day) == Failures(1, next_day)


def test_an_email_and_a_device_have_separate_keys_that_do_not_show_the_email():
    key = account_key("priya@example.com")
    assert "priya" not in key
    assert key == account_key("priya@example.com") != account_key("ravi@example.com")
    assert device_key("nonce") != device_key("other") and device_key("nonce").startswith("device:")
