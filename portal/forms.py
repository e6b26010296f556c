"""The base classes of every form in the portal: each text field cleans what was typed.

Forms derive from `PortalForm` (or `PortalSubform`, for the rows of a FieldList); their Meta
binds every text field with the clean-text filter first, so no form or field can forget it.
tests/test_form_text.py walks every form class to prove it.
"""

from flask_wtf import FlaskForm
from wtforms import Form, PasswordField, StringField, TextAreaField
from wtforms.meta import DefaultMeta

from portal.plain_text import clean_text


def clean_line(value):
    return clean_text(value) if isinstance(value, str) else value


def clean_lines(value):
    return clean_text(value, multiline=True) if isinstance(value, str) else value


class CleanTextMeta(DefaultMeta):
    """Text fields (names, phones, emails, notes, hidden values) clean what was typed before
    their own filters run. Passwords stay exactly as typed: never shown, and cleaning would
    turn a password that works today into another."""

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
            clean = clean_lines if issubclass(field_class, TextAreaField) else clean_line
            options = {**options, "filters": [clean, *unbound_field.kwargs.get("filters", ())]}
        return super().bind_field(form, unbound_field, options)


class PortalForm(FlaskForm):
    Meta = CleanTextMeta  # WTForms combines it with FlaskForm's Meta (CSRF)


class PortalSubform(Form):
    """One row of a FieldList: the outer form carries the CSRF token."""

    Meta = CleanTextMeta
