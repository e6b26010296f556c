"""Slowing password guessing down, as plain rules.

Failures are counted per key: the hash of the email typed (whether or not an account uses
it, so an unknown email behaves exactly like a real one), or, for a browser that has signed
in to that account before, that browser's device cookie. After a few free failures a key
is paused for a while that doubles with each further failure. Attempts made while paused
are refused without counting, so an attacker gets one guess per pause and the pause never
becomes permanent; the owner's own browser has a key of its own and is not paused by them.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

FREE_FAILURES = 5
FIRST_PAUSE = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(minutes=30)
# A day without failures and the count starts again.
FORGET_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class Failures:
    count: int = 0
    last_at: datetime | None = None


def account_key(normalised_email: str) -> str:
    return "account:" + hashlib.sha256(normalised_email.encode()).hexdigest()


def device_key(device_nonce: str) -> str:
    return "device:" + hashlib.sha256(device_nonce.encode()).hexdigest()


def pause_after(count: int) -> timedelta:
    """How long sign-in under a key waits after its `count`-th failure in a row:
    nothing for the first four, then 1, 2, 4, … minutes, at most 30."""
    if count < FREE_FAILURES:
        return timedelta(0)
    return min(FIRST_PAUSE * 2 ** (count - FREE_FAILURES), LONGEST_PAUSE)


def current(failures: Failures, now: datetime) -> Failures:
    """The failures that still count: old ones are forgotten."""
    if failures.last_at is None or now - failures.last_at >= FORGET_AFTER:
        return Failures()
    return failures


def paused_until(failures: Failures) -> datetime | None:
    if failures.last_at is None or not pause_after(failures.count):
        return None
    return failures.last_at + pause_after(failures.count)


def is_paused(failures: Failures, now: datetime) -> bool:
    until = paused_until(current(failures, now))
    return until is not None and now < until


def after_failure(failures: Failures, now: datetime) -> Failures:
    """The count after one more failed attempt; an attempt made while paused is not counted
    (it was never checked), so hammering does not lengthen the pause."""
    if is_paused(failures, now):
        return failures
    counted = current(failures, now)
    return Failures(counted.count + 1, now)
