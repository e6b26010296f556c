"""The templates' url_for, remembered: a page writes forty to eighty links, and Werkzeug builds
each one again (10 to 25 µs apiece, a twentieth of /today's time). A link's URL depends only
on its endpoint, its values and where the portal is mounted (SCRIPT_NAME), so a process
remembers the ones it built.

Links to static files carry a digest of the file: remembered too, but not where that digest
must follow an edited file (debug mode: portal/static_files.py). Left to Flask every time:
relative endpoints (".name", whose blueprint is the request's), the ones asking for
_external, _anchor, _method or _scheme, a value that cannot be a key (a list), and anything
outside a request (emails).
"""

from collections.abc import Callable
from typing import Any

from flask import current_app, url_for
from flask.globals import _cv_request  # the request context itself (see template_url_for)

from portal.bounded_memory import BoundedMemory
from portal.static_files import digests_follow_edits, is_static_endpoint

# Links with ids and dates in them are many; the ones written on every page are few. A full
# memory starts again empty: the links every page writes are back after a request or two.
REMEMBERED = 4096


def remembered_url_for() -> Callable[..., str]:
    remembered: BoundedMemory[tuple[Any, ...], str] = BoundedMemory(REMEMBERED)

    def template_url_for(endpoint: str, **values) -> str:
        # Looked up first, judged only when missing: a busy page writes a hundred links, and
        # deciding each time whether one may be remembered cost more than building it.
        # The request through its context variable: `request` and has_request_context() are
        # each a lookup of it, and a page writes forty links.
        if (context := _cv_request.get(None)) is None:
            return url_for(endpoint, **values)
        key = (context.request.script_root, endpoint, *values.items())  # in the caller's order
        try:
            return remembered[key]
        except KeyError:
            pass
        except TypeError:  # a list of values: not a key
            return url_for(endpoint, **values)
        url = url_for(endpoint, **values)
        if _rememberable(endpoint, values):
            remembered.remember(key, url)
        return url

    return template_url_for


# Flask's own arguments (_external, _anchor, _method, _scheme): the link depends on more.
def _rememberable(endpoint: str, values: dict) -> bool:
    return (
        not endpoint.startswith(".")
        and not any(name.startswith("_") for name in values)
        and not (is_static_endpoint(endpoint) and digests_follow_edits(current_app))
    )
