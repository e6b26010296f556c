"""Test helpers for pages in the patient's language."""

from portal.extensions import db


def speaking(user, language: str | None):
    """`user`, with `language` stored on the account (as the switcher stores it)."""
    user.language = language
    db.session.commit()
    return user
