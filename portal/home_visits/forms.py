from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Regexp

from portal.contact.forms import CityRequestForm, preferred_time_field
from portal.forms import PortalForm
from portal.languages import lazy_gettext as _l
from portal.person_fields import name_field, optional_email_field, phone_field


class HomeVisitForm(CityRequestForm):
    name = name_field(_l("Name of the person to visit"))
    phone = phone_field(_l("Phone number"), _l("We call this number to agree the time."))
    email = optional_email_field(_l("We send the confirmation and a calendar file here."))
    address = TextAreaField(
        _l("Address"),
        validators=[DataRequired(_l("Please give the address for the visit.")), Length(max=500)],
        description=_l("House or flat number, street, area and a landmark."),
        render_kw={"rows": 3, "autocomplete": "street-address"},
    )
    pincode = StringField(
        _l("Pincode"),
        validators=[
            DataRequired(_l("Please give the 6-digit pincode.")),
            Regexp(r"^\s*\d{6}\s*$", message=_l("A pincode has 6 digits, e.g. 560038.")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 6},
    )
    earliest_date = DateField(
        _l("From"), validators=[InputRequired(_l("Choose the first good day."))]
    )
    latest_date = DateField(
        _l("Until"), validators=[InputRequired(_l("Choose the last good day."))]
    )
    preferred_time = preferred_time_field(_l("Best time of day"))
    reason = TextAreaField(
        _l("What is the problem?"),
        validators=[DataRequired(_l("Tell us briefly why you need a visit.")), Length(max=1000)],
        render_kw={"rows": 3},
    )
    consent = BooleanField(
        _l(
            "I agree that the clinic may contact me about this request and keep these details "
            "for it."
        ),
        validators=[DataRequired(_l("Please agree so that we can arrange the visit."))],
    )

    def validate_latest_date(self, field) -> None:
        if field.data and self.earliest_date.data and field.data < self.earliest_date.data:
            raise ValidationError(_l("The last day is before the first day."))


class ScheduleVisitForm(PortalForm):
    slot = SelectField("Therapist and time", validators=[DataRequired("Choose a time.")])


class DeclineVisitForm(PortalForm):
    reason = TextAreaField(
        "Why (the requester reads this)",
        validators=[DataRequired("Give the reason."), Length(max=1000)],
        render_kw={"rows": 2},
    )
