"""Error pages in the portal's own look, that say what to do next and leak nothing."""

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.extensions import db

_MESSAGES = {
    400: ("Something in that request was not right", "Please go back and try again."),
    403: (
        "This page is not for your account",
        "If you think you should see it, ask the clinic's desk.",
    ),
    404: ("We couldn't find that page", "It may have moved, or the link may be mistyped."),
    405: ("That action isn't available here", "Please go back and try again."),
    413: ("That was more than we can accept", "Please send less at once."),
    429: ("Too many tries in a short time", "For your safety, please wait a little and try again."),
    500: ("Something went wrong on our side", "We've noted it. Please try again in a minute."),
}


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json"


def _render(status: int, title: str | None = None, hint: str | None = None):
    default_title, default_hint = _MESSAGES.get(status, _MESSAGES[400])
    if _wants_json():
        return jsonify(status=status, error=title or default_title), status
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=title or default_title,
            hint=hint or default_hint,
        ),
        status,
    )


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return _render(error.code)


def _csrf_error(_error: CSRFError):
    return _render(
        400,
        "This form has expired",
        "For your safety, forms stop working after a while. Please go back, reload the page "
        "and send it again.",
    )


def _server_error(_error):
    db.session.rollback()
    return _render(500)
