from datetime import timedelta

import pytest

from portal.notifications.retry import MAX_ATTEMPTS, retry_delay, retry_window


def test_the_first_retry_comes_a_minute_after_the_first_failure():
    assert retry_delay(1) == timedelta(minutes=1)


def test_each_wait_doubles():
    assert [retry_delay(n) for n in range(1, 6)] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]


def test_no_wait_is_longer_than_four_hours():
    assert retry_delay(9) == timedelta(hours=4)  # 256 minutes, capped
    assert max(retry_delay(n) for n in range(1, MAX_ATTEMPTS)) == timedelta(hours=4)


def test_after_the_last_attempt_there_is_no_retry():
    assert retry_delay(MAX_ATTEMPTS - 1) is not None
    assert retry_delay(MAX_ATTEMPTS) is None
    assert retry_delay(MAX_ATTEMPTS + 3) is None


def test_retries_span_about_a_day_not_a_blink():
    assert timedelta(hours=20) <= retry_window() <= timedelta(hours=30)
    # 1 + 2 + … + 128 minutes, then five waits of four hours.
    assert retry_window() == timedelta(minutes=255) + 5 * timedelta(hours=4)


def test_there_is_no_retry_before_an_attempt():
    with pytest.raises(ValueError, match="only after an attempt"):
        retry_delay(0)
