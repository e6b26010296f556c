"""Following `?next=` only to pages of our own site."""

from typing import TypeGuard
from urllib.parse import urlsplit


def is_safe_next(target: str | None) -> TypeGuard[str]:
    """True for a path on this site ('/today'), false for anything that could leave it."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(char) < 32 for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
