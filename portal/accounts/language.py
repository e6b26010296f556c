"""Which language a response is in: Flask-Babel asks `response_locale` once per request."""

from collections.abc import Collection

from babel import Locale
from flask import has_request_context, request
from flask_login import current_user

from portal.accounts.roles import Role
from portal.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGE_COOKIE,
    best_browser_language,
    choose_language,
    locale_of,
)

_STAFF = frozenset({Role.THERAPIST, Role.DESK, Role.ADMIN})


def response_locale() -> Locale:
    """Flask-Babel's locale selector: the response's language, as a Locale."""
    return locale_of(response_language())


def response_language() -> str:
    if not has_request_context():
        # The worker (reminders, emails) asks no one: English, unless the code sending to a
        # person chooses their language with flask_babel.force_locale.
        return DEFAULT_LANGUAGE
    signed_in = current_user.is_authenticated
    return choose_language(
        is_staff=signed_in and not may_choose_language(current_user.roles),
        account_choice=current_user.language if signed_in else None,
        cookie_choice=request.cookies.get(LANGUAGE_COOKIE),
        browser_choice=best_browser_language(request.accept_languages),
    )


def visitor_language() -> str:
    """The language from this browser alone (its cookie, then what it asks for): for a page
    that must not look up the person, such as the one shown while the database is down."""
    return choose_language(
        is_staff=False,
        account_choice=None,
        cookie_choice=request.cookies.get(LANGUAGE_COOKIE),
        browser_choice=best_browser_language(request.accept_languages),
    )


def may_choose_language(roles: Collection[Role]) -> bool:
    """Visitors and patients choose their language; staff pages stay English, so the
    switcher is not offered to anyone holding a staff role."""
    return _STAFF.isdisjoint(roles)
