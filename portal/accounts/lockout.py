"""Progressive lock-out after repeated failed logins, as plain rules."""

from datetime import datetime, timedelta

FREE_ATTEMPTS = 5


def lockout_for(failures: int) -> timedelta | None:
    """How long an account is locked after `failures` failed logins in a row.

    Five wrong passwords cost a minute; each further five multiply the wait by five:
    1 min, 5 min, 25 min, then two hours at most.
    """
    if failures < FREE_ATTEMPTS or failures % FREE_ATTEMPTS:
        return None
    rounds = failures // FREE_ATTEMPTS
    return min(timedelta(minutes=5 ** (rounds - 1)), timedelta(hours=2))


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until
