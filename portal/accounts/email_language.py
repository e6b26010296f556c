"""The language an email is written in: the recipient's, never that of whoever's action sent it
(a desk booking for a Telugu-reading patient writes Telugu; staff emails stay English)."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import has_request_context
from flask_babel import force_locale
from flask_login import current_user

from portal.accounts.language import may_choose_language
from portal.accounts.models import User
from portal.languages import DEFAULT_LANGUAGE, current_language, supported


def email_language(recipient: User | None, *, asked_here: bool = False) -> str:
    """Staff read English. A patient reads the language stored on their account; without
    one, the language of this page when they are the one making this request (booking for
    themselves), else English.

    `asked_here`: the recipient asked for this email themselves, signed out (a sign-up, a
    password reset). Roles are not read then, so a known email costs the same statements as
    an unknown one (staff never store a language: the switcher does not save theirs)."""
    if asked_here:
        stored = supported(recipient.language) if recipient is not None else None
        return stored or current_language()
    if recipient is None or not may_choose_language(recipient.roles):
        return DEFAULT_LANGUAGE
    if stored := supported(recipient.language):
        return stored
    return current_language() if _is_asking(recipient) else DEFAULT_LANGUAGE


def _is_asking(recipient: User) -> bool:
    return (
        has_request_context() and current_user.is_authenticated and current_user.id == recipient.id
    )


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
