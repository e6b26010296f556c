"""Security headers on every response.

The Content-Security-Policy allows scripts from our own origin only (no inline scripts: the
pages load static/js/*.js). Inline styles stay allowed because the server-drawn SVG charts
carry their own <style>; styles cannot run code.
"""

from collections.abc import Callable

from flask import Flask, Response, abort, current_app, request, session

from portal.static_files import is_static_file_request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def refuse_nul_bytes() -> None:
    """No form or query value may carry a NUL byte: PostgreSQL cannot store one, and no
    person types one."""
    for _name, values in request.values.lists():
        if any("\x00" in value for value in values):
            abort(400)


def same_for_everyone(view: Callable) -> Callable:
    """Mark a view whose response names nobody (the web app manifest, the service worker):
    it keeps its own Cache-Control for logged-in people too."""
    view.same_for_everyone = True  # type: ignore[attr-defined]
    return view


def _view_is_same_for_everyone() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "same_for_everyone", False)


def keep_no_copy_for_logged_in_people(response: Response) -> None:
    """What a logged-in person sees carries their name or health data: no browser cache, back
    button on a shared computer or proxy may keep a copy. Read from the session cookie (the
    key Flask-Login keeps the user's id under), so it needs no database."""
    personal = not is_static_file_request() and not _view_is_same_for_everyone()
    if session.get("_user_id") and personal:
        response.headers["Cache-Control"] = "no-store"


def register(app: Flask) -> None:
    production = app.config["PORTAL_ENV"] == "production"
    app.before_request(refuse_nul_bytes)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        keep_no_copy_for_logged_in_people(response)
        if production:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
