"""Every text field of every form in portal/ drops invisible control and bidi characters.

The walk finds each form class by importing the whole package, so a new form (or a form that
derives from FlaskForm directly, missing portal.forms' Meta) fails here."""

import importlib
import pkgutil
from datetime import date

from werkzeug.datastructures import MultiDict
from wtforms import FormField, PasswordField, StringField, TextAreaField
from wtforms.csrf.core import CSRFTokenField
from wtforms.form import BaseForm

import portal

# What is typed, and what must be kept: (single line, multi-line text).
TYPED = ("Ro\u202ehan\u200b\x07", "Hold\u2066 90 s.\nThen rest.\u202e")
KEPT = ("Rohan", "Hold 90 s.\nThen rest.")
# What a form needs besides its data, by class name.
ARGUMENTS = {"PlanForm": {"today": date(2026, 12, 2)}}


def portal_form_classes() -> list[type]:
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        importlib.import_module(module.name)
    found, pending = set(), [BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            found.add(subclass)
            pending.append(subclass)
    return sorted(
        (form for form in found if form.__module__.startswith("portal.")),
        key=lambda form: form.__qualname__,
    )


def text_fields(form) -> list:
    """The form's own text fields; a FormField's rows are a form class walked on its own."""
    return [
        field
        for field in form
        if isinstance(field, StringField)
        and not isinstance(field, PasswordField | FormField | CSRFTokenField)
    ]


def is_multiline(field) -> bool:
    return isinstance(field, TextAreaField)


def test_every_text_field_of_every_form_drops_invisible_characters(app):
    checked, kept = [], []
    with app.test_request_context(method="POST"):
        for form_class in portal_form_classes():
            needs = ARGUMENTS.get(form_class.__name__, {})
            fields = text_fields(form_class(formdata=MultiDict(), **needs))
            typed = {field.name: TYPED[is_multiline(field)] for field in fields}
            for field in text_fields(form_class(formdata=MultiDict(typed), **needs)):
                checked.append(f"{form_class.__name__}.{field.name}")
                if field.data != KEPT[is_multiline(field)]:
                    kept.append(f"{form_class.__name__}.{field.name}: {field.data!r}")
    assert not kept, "text fields that keep invisible characters:\n" + "\n".join(kept)
    # The walk reached the forms people type names and notes into.
    for expected in ("RegistrationForm.name", "CallbackForm.message", "ItemForm.patient_note"):
        assert expected in checked
