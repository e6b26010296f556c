"""Error pages in the portal's own look, that say what to do next and leak nothing."""

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_babel import LazyString, force_locale
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc
from werkzeug.exceptions import HTTPException

from portal.accounts.language import visitor_language
from portal.database_outage import is_database_unavailable
from portal.extensions import db
from portal.languages import gettext as _
from portal.languages import lazy_gettext as _l
from portal.observability import request_id
from portal.presentation import page_context

_MESSAGES: dict[int, tuple[LazyString, LazyString]] = {
    400: (_l("Something in that request was not right"), _l("Please go back and try again.")),
    403: (
        _l("This page is not for your account"),
        _l("If you think you should see it, ask the clinic's desk."),
    ),
    404: (
        _l("We couldn't find that page"),
        _l("It may have moved, or the link may be mistyped."),
    ),
    405: (_l("That action isn't available here"), _l("Please go back and try again.")),
    413: (_l("That was more than we can accept"), _l("Please send less at once.")),
    429: (
        _l("Too many tries in a short time"),
        _l("For your safety, please wait a little and try again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("We've noted it. Please try again in a minute."),
    ),
    503: (
        _l("We can't reach our records just now"),
        _l("Nothing was saved. Please try again shortly."),
    ),
}
RETRY_AFTER_SECONDS = 30


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    for database_error in (exc.DBAPIError, exc.DisconnectionError, exc.TimeoutError):
        app.register_error_handler(database_error, _database_error)
    app.register_error_handler(500, _server_error)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json"


def _render(status: int, title: str | None = None, hint: str | None = None):
    default_title, default_hint = _MESSAGES.get(status, _MESSAGES[400])
    # str(): a lazy translation would reach the page unescaped (its __html__).
    title, hint = str(title or default_title), str(hint or default_hint)
    # Only where the desk may need to quote it: our failures, not the visitor's.
    reference = request_id() if status >= 500 else None
    if _wants_json():
        extra = {"request_id": reference} if reference else {}
        return jsonify(status=status, error=title, **extra), status
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=title,
            hint=hint,
            request_id=reference,
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
        _("This form has expired"),
        _(
            "For your safety, forms stop working after a while. Please go back, reload the "
            "page and send it again."
        ),
    )


def _server_error(error):
    # Another error page that needed the database (for the user in the navigation) while it
    # was down ends here: it gets the outage page too, not a bare "Internal Server Error".
    if is_database_unavailable(getattr(error, "original_exception", None)):
        return _database_unavailable(error.original_exception)
    db.session.rollback()
    return _render(500)


def _database_error(error: exc.SQLAlchemyError):
    if not is_database_unavailable(error):
        raise error  # a wrong statement is a bug: the 500 path logs it in full
    return _database_unavailable(error)


def _database_unavailable(error: BaseException) -> Response:
    current_app.logger.warning("The database is unavailable: %s", error)
    _roll_back()
    if _wants_json():
        with force_locale(visitor_language()):  # not the account's: that needs the database
            title = str(_MESSAGES[503][0])
        response = jsonify(status=503, error=title, request_id=request_id())
    else:
        response = Response(_render_without_database("errors/unavailable.html"))
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _roll_back() -> None:
    try:
        db.session.rollback()
    except exc.SQLAlchemyError:
        db.session.remove()  # the connection is gone: drop the session with it


def _render_without_database(template: str) -> str:
    """The page with base.html's look but none of the context processors, which look up the
    user (Flask-Login's even when the page does not ask): only what a visitor sees."""
    with force_locale(visitor_language()):
        title, hint = _MESSAGES[503]
        return _render_for_a_visitor(template, str(title), str(hint))


def _render_for_a_visitor(template: str, title: str, hint: str) -> str:
    return current_app.jinja_env.get_template(template).render(
        **page_context(),
        status=503,
        title=title,
        hint=hint,
        sent_a_form=request.method == "POST",
        sent_fields=_fields_to_send_again(),
        left_out_a_password=any("password" in name for name in request.form),
        retry_url=request.full_path.rstrip("?"),
        request_id=request_id(),
    )


def _fields_to_send_again() -> list[tuple[str, str]]:
    """What the person sent, to send again from the outage page: going back would fetch the
    form anew (pages for logged-in people are no-store) and lose it. Passwords are left out
    of the page; they are typed again."""
    return [
        (name, value)
        for name, values in request.form.lists()
        if "password" not in name
        for value in values
    ]
