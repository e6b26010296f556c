"""The language an email is written in: the recipient's, never that of whoever's action sent it
(a desk booking for a Telugu-reading patient writes Telugu; staff emails stay English)."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import has_request_context
from flask_babel import force_locale, get_locale

from portal.accounts.language import may_choose_language
from portal.accounts.models import User
from portal.languages import DEFAULT_LANGUAGE, supported


def email_language(recipient: User | None, *, asked_here: bool = False) -> str:
    """Staff read English; a patient the language stored on their account, else English.

    `asked_here`: the recipient asked for this email themselves on this request (a sign-up, a
    password reset): their stored language, else the language of the page they asked from.
    Roles are not read then, so a known email costs the same statements as an unknown one
    (staff never store a language: the switcher does not save theirs)."""
    if asked_here:
        stored = supported(recipient.language) if recipient is not None else None
        return stored or page_language()
    if recipient is None or not may_choose_language(recipient.roles):
        return DEFAULT_LANGUAGE
    return supported(recipient.language) or DEFAULT_LANGUAGE


def page_language() -> str:
    """The language of this response (English outside a request)."""
    locale = get_locale() if has_request_context() else None
    return supported(locale.language if locale else None) or DEFAULT_LANGUAGE


@contextmanager
def writing_in(language: str) -> Iterator[str]:
    """Translate everything inside into `language`, which is yielded (for dates and times)."""
    with force_locale(language):
        yield language


@contextmanager
def writing_to(recipient: User | None, *, asked_here: bool = False) -> Iterator[str]:
    """Translate everything inside into the recipient's language (see email_language)."""
    with writing_in(email_language(recipient, asked_here=asked_here)) as language:
        yield language
