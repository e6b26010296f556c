from wtforms import HiddenField, SelectField, TextAreaField, ValidationError
from wtforms.validators import AnyOf, DataRequired, Length

from portal.contact.models import CallbackStatus
from portal.forms import PortalForm
from portal.person_fields import name_field, optional_email_field, phone_field


class CallbackStatusForm(PortalForm):
    status = HiddenField(
        validators=[DataRequired(), AnyOf([status.value for status in CallbackStatus])]
    )


class NewPatientForm(PortalForm):
    name = name_field("Name")
    phone = phone_field("Phone number", "The number they called from is fine: 98450 12345.")
    email = optional_email_field(
        "Confirmations and calendar files go here. Without one, phone them.", autocomplete="off"
    )
    centre = SelectField("Their centre")


def _reason_field() -> TextAreaField:
    return TextAreaField(
        "Reason (the patient is told)",
        validators=[
            DataRequired("Give the reason: it goes into the email to the patient."),
            Length(max=300),
        ],
        render_kw={"rows": 2},
    )


class DeskCancelForm(PortalForm):
    reason = _reason_field()


class DeskMoveForm(PortalForm):
    slot = SelectField("New time", validate_choice=False)
    reason = _reason_field()

    def validate_slot(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError("Choose one of the free times.")
