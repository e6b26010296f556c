from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from portal.contact.models import PreferredTime
from portal.forms import PortalForm
from portal.languages import lazy_gettext as _l
from portal.person_fields import honeypot_field, name_field, phone_field
from portal.phone import display_phone


def preferred_time_field(label: str) -> RadioField:
    return RadioField(
        label,
        choices=[SelectChoice(choice.value, choice.label) for choice in PreferredTime],
        default=PreferredTime.ANY.value,
        validators=[DataRequired(_l("Please choose a time of day."))],
    )


class CityRequestForm(PortalForm):
    """What public request forms share: the person's city and the honeypot against bots."""

    city = SelectField(_l("City"), validators=[DataRequired(_l("Please choose your city."))])
    website = honeypot_field()

    def set_cities(self, cities) -> None:
        self.city.choices = [SelectChoice("", _l("Choose your city"))] + [
            SelectChoice(city.slug, city.name) for city in cities
        ]

    @property
    def filled_by_bot(self) -> bool:
        return bool(self.website.data)


class CallbackForm(CityRequestForm):
    name = name_field(_l("Your name"))
    phone = phone_field(
        _l("Phone number"), _l("We'll call this number. A 10-digit mobile number is fine.")
    )
    preferred_time = preferred_time_field(_l("When should we call?"))
    message = TextAreaField(
        _l("How can we help? (optional)"),
        validators=[Optional(), Length(max=1000)],
        render_kw={"rows": 3},
    )
    consent = BooleanField(
        _l("I agree that the clinic may call me about this request and keep my details for it."),
        validators=[DataRequired(_l("Please agree so that we may call you."))],
    )


def callback_form(cities, person=None) -> CallbackForm:
    """The call-back form with the clinic's cities, prefilled for a logged-in person."""
    form = CallbackForm()
    form.set_cities(cities)
    if person is not None and person.is_authenticated and not form.is_submitted():
        form.name.data = form.name.data or person.name
        form.phone.data = form.phone.data or display_phone(person.phone)
    return form
