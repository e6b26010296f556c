"""Form fields for a person's name and phone, the same wherever someone types them, and the
honeypot that public forms carry against bots."""

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from portal.phone import PhoneNumber


def name_field(label: str) -> StringField:
    return StringField(
        label,
        validators=[DataRequired("Please tell us your name."), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )


def phone_field(label: str, description: str) -> StringField:
    """A phone number, checked with `phonenumbers`; the E.164 form ends up in `field.e164`."""
    return StringField(
        label,
        validators=[PhoneNumber()],
        description=description,
        render_kw={"autocomplete": "tel", "inputmode": "tel", "type": "tel"},
    )


def honeypot_field() -> StringField:
    """A field people never see (hidden by CSS, skipped by Tab); bots fill it in."""
    return StringField(
        "Leave this field empty", render_kw={"autocomplete": "off", "tabindex": "-1"}
    )
