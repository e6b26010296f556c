"""Statements built once per process, for the queries every request or busy page runs.

Building a SELECT with its joins and loader options costs about as much as running it on a
small table (0.1 to 0.2 ms), and SQLAlchemy computes the cache key of every new statement
object again; a statement built once, with bind parameters for what varies, pays for neither
after its first use. `built_once` builds it on first use (the models are all mapped by then),
once per distinct argument list.
"""

from collections.abc import Callable
from functools import cache
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def built_once(build: Callable[P, T]) -> Callable[P, T]:
    return cache(build)  # type: ignore[return-value]  # the same call, remembered
