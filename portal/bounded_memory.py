"""A per-process memory of recent answers that starts again empty when full.

For what a request would otherwise work out again (a page's links, a session's signed token,
a checked cookie): the keys that matter repeat within seconds, so forgetting everything at
once loses a request or two of work, and a read costs a dict lookup, where an LRU would keep
its order on every read.
"""

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedMemory(dict[K, V], Generic[K, V]):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def remember(self, key: K, value: V) -> V:
        """Keep `value` for `key` (after forgetting everything, if `limit` entries are kept)."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
