"""The templates' url_for, remembered: a page writes forty to eighty links, and Werkzeug builds
each one again (10 to 25 µs apiece, a twentieth of /today's time). A link's URL depends only
on its endpoint, its values and where the portal is mounted (SCRIPT_NAME), so a process
remembers the ones it built.

Left to Flask every time: links to static files (their URL carries a digest of the file,
which must follow an edited file: portal/static_files.py), relative endpoints (".name", whose
blueprint is the request's), the ones asking for _external, _anchor, _method or _scheme, a
value that cannot be a key (a list), and anything outside a request (emails).
"""

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from flask import has_request_context, request, url_for

# Links with ids and dates in them are many; the ones written on every page are few.
REMEMBERED = 4096


def remembered_url_for() -> Callable[..., str]:
    @lru_cache(maxsize=REMEMBERED)
    def built(script_root: str, endpoint: str, values: tuple[tuple[str, Any], ...]) -> str:
        return url_for(endpoint, **dict(values))

    def template_url_for(endpoint: str, **values) -> str:
        if not _rememberable(endpoint, values):
            return url_for(endpoint, **values)
        try:
            key = tuple(values.items())  # in the caller's order: the query string keeps it
            hash(key)
        except TypeError:  # a list of values: not a key
            return url_for(endpoint, **values)
        return built(request.script_root, endpoint, key)

    return template_url_for


def _rememberable(endpoint: str, values: dict) -> bool:
    return (
        has_request_context()
        and not endpoint.startswith(".")
        and endpoint != "static"
        and not endpoint.endswith(".static")
        and not any(name.startswith("_") for name in values)
    )
