"""Password hashing with argon2id, a deliberately slow hash."""

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_PASSWORD_LENGTH = 10


def _cost() -> tuple[int, int]:
    config = current_app.config
    return config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_COST"]


def _hasher(time_cost: int, memory_cost: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost)


def hash_password(password: str) -> str:
    return _hasher(*_cost()).hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches. With no hash (no such account) it spends the same time."""
    cost = _cost()
    try:
        matched = _hasher(*cost).verify(password_hash or _decoy_hash(*cost), password)
    except (VerificationError, InvalidHashError):
        return False
    return matched and password_hash is not None


@lru_cache(maxsize=4)
def _decoy_hash(time_cost: int, memory_cost: int) -> str:
    # Verifying against a throwaway hash keeps "no such account" as slow as "wrong password",
    # so response times do not tell which emails have accounts.
    return _hasher(time_cost, memory_cost).hash(secrets.token_urlsafe(16))
