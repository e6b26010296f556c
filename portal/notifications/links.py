"""Links in emails: absolute addresses of the portal's pages, also from the worker.

In a request the address comes from the request (its scheme and host, behind the trusted
proxies). The worker has no request: it writes links with PORTAL_URL, the address patients
use (https://portal.sthira.example in production).
"""

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def portal_link(endpoint: str, **values) -> str:
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = urlsplit(current_app.config["PORTAL_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
