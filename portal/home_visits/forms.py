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
from portal.person_fields import name_field, optional_email_field, phone_field


class HomeVisitForm(CityRequestForm):
    name = name_field("Name of the person to visit")
    phone = phone_field("Phone number", "We call this number to agree the time.")
    email = optional_email_field("We send the confirmation and a calendar file here.")
    address = TextAreaField(
        "Address",
        validators=[DataRequired("Please give the address for the visit."), Length(max=500)],
        description="House or flat number, street, area and a landmark.",
        render_kw={"rows": 3, "autocomplete": "street-address"},
    )
    pincode = StringField(
        "Pincode",
        validators=[
            DataRequired("Please give the 6-digit pincode."),
            Regexp(r"^\s*\d{6}\s*$", message="A pincode has 6 digits, e.g. 560038."),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 6},
    )
    earliest_date = DateField("From", validators=[InputRequired("Choose the first good day.")])
    latest_date = DateField("Until", validators=[InputRequired("Choose the last good day.")])
    preferred_time = preferred_time_field("Best time of day")
    reason = TextAreaField(
        "What is the problem?",
        validators=[DataRequired("Tell us briefly why you need a visit."), Length(max=1000)],
        render_kw={"rows": 3},
    )
    consent = BooleanField(
        "I agree that the clinic may contact me about this request and keep these details for it.",
        validators=[DataRequired("Please agree so that we can arrange the visit.")],
    )

    def validate_latest_date(self, field) -> None:
        if field.data and self.earliest_date.data and field.data < self.earliest_date.data:
            raise ValidationError("The last day is before the first day.")


class ScheduleVisitForm(PortalForm):
    slot = SelectField("Therapist and time", validators=[DataRequired("Choose a time.")])


class DeclineVisitForm(PortalForm):
    reason = TextAreaField(
        "Why (the requester reads this)",
        validators=[DataRequired("Give the reason."), Length(max=1000)],
        render_kw={"rows": 2},
    )
