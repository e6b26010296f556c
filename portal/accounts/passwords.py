"""Password hashing with argon2id, a deliberately slow hash."""

import re
import secrets
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import LazyString

from portal.languages import lazy_gettext as _l
from portal.transactions import write_lock_released

MIN_PASSWORD_LENGTH = 10
_COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    lines = _COMMON_PASSWORDS.read_text().splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def password_problem(password: str, personal: tuple[str, ...] = ()) -> LazyString | None:
    """Why a new password is not good enough (in the reader's language once shown), or None.
    Length is what matters most."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("Use at least %(count)d characters.", count=MIN_PASSWORD_LENGTH)
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) <= 2:
        return _l("This password is too common. Try a short sentence instead.")
    words = {word for part in personal for word in re.split(r"[\s._@+-]+", part.lower())}
    if any(len(word) >= 4 and word in lowered for word in words):
        return _l("Don't use your name or email in your password.")
    return None


def _cost() -> tuple[int, int]:
    config = current_app.config
    return config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_COST"]


def _hasher(time_cost: int, memory_cost: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost)


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A fixed `salt` is only for generated data, where the same arguments must make the same
    rows (portal/demo/scale.py); real accounts always get a random one."""
    with write_lock_released():  # argon2 is slow on purpose: other writers need not wait
        return _hasher(*_cost()).hash(password, salt=salt)


# No argon2 hash starts with "!": an account marked so has no password anyone knows.
_UNUSABLE = "!"


def unusable_password() -> str:
    """For an account made on someone's behalf (a home-visit guest, a caller the desk books):
    nobody can log in until they choose a password through a reset link."""
    return _UNUSABLE + secrets.token_urlsafe(24)


def is_usable_password(password_hash: str | None) -> bool:
    return bool(password_hash and not password_hash.startswith(_UNUSABLE))


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches. With no hash (no such account) it spends the same time."""
    if not is_usable_password(password_hash):
        password_hash = None
    cost = _cost()
    try:
        with write_lock_released():  # argon2 is slow on purpose: other writers need not wait
            _hasher(*cost).verify(password_hash or _decoy_hash(*cost), password)  # or raises
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


@lru_cache(maxsize=4)
def _decoy_hash(time_cost: int, memory_cost: int) -> str:
    # Verifying against a throwaway hash keeps "no such account" as slow as "wrong password",
    # so response times do not tell which emails have accounts.
    return _hasher(time_cost, memory_cost).hash(secrets.token_urlsafe(16))
