"""When to try a failed email again: waits that double from a minute, capped at four hours,
so a mail server that is down for an afternoon (or most of a day) delays mail, never loses it."""

from datetime import timedelta

FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=4)
# 1 + 2 + … + 128 minutes, then five waits of four hours: the last attempt comes about a day
# after the first.
MAX_ATTEMPTS = 14


def retry_delay(attempts_made: int) -> timedelta | None:
    """How long to wait after the attempt numbered `attempts_made` failed; None after the last."""
    if attempts_made < 1:
        raise ValueError("an email is retried only after an attempt")
    if attempts_made >= MAX_ATTEMPTS:
        return None
    return _wait_after(attempts_made)


def retry_window() -> timedelta:
    """From the first attempt to the last, if every attempt fails."""
    return sum((_wait_after(n) for n in range(1, MAX_ATTEMPTS)), timedelta())


def _wait_after(attempts_made: int) -> timedelta:
    return min(FIRST_WAIT * 2 ** (attempts_made - 1), LONGEST_WAIT)
