"""Form fields for a person's name, phone and email, the same wherever someone types them, and the
honeypot that public forms carry against bots."""

from flask_babel import LazyString
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.languages import lazy_gettext as _l
from portal.phone import PhoneNumber


def name_field(label: str | LazyString) -> StringField:
    return StringField(
        label,
        validators=[DataRequired(_l("Please tell us your name.")), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )


def phone_field(label: str | LazyString, description: str | LazyString) -> StringField:
    """A phone number, checked with `phonenumbers`; the E.164 form ends up in `field.e164`."""
    return StringField(
        label,
        validators=[PhoneNumber()],
        description=description,
        render_kw={"autocomplete": "tel", "inputmode": "tel", "type": "tel"},
    )


def optional_email_field(description: str | LazyString, autocomplete: str = "email") -> EmailField:
    return EmailField(
        _l("Email (optional)"),
        validators=[
            Optional(),
            Email(_l("That doesn't look like an email address."), check_deliverability=False),
            Length(max=254),
        ],  # fmt: skip
        description=description,
        render_kw={"autocomplete": autocomplete},
    )


def honeypot_field() -> StringField:
    """A field people never see (hidden by CSS, skipped by Tab); bots fill it in."""
    return StringField(
        _l("Leave this field empty"), render_kw={"autocomplete": "off", "tabindex": "-1"}
    )
