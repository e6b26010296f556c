from wtforms import DateTimeLocalField, SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.forms import PortalForm

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class WorkingHoursForm(PortalForm):
    centre = SelectField("Centre")
    weekday = SelectField(
        "Day", choices=[SelectChoice(str(n), name) for n, name in enumerate(DAY_NAMES)]
    )
    starts = TimeField("From", validators=[InputRequired("Give the start time.")])
    ends = TimeField("Until", validators=[InputRequired("Give the end time.")])


class TimeOffForm(PortalForm):
    starts_at = DateTimeLocalField(
        "From", format="%Y-%m-%dT%H:%M", validators=[InputRequired("Give the start.")]
    )
    ends_at = DateTimeLocalField(
        "Until", format="%Y-%m-%dT%H:%M", validators=[InputRequired("Give the end.")]
    )
    reason = StringField("Reason (optional)", validators=[Optional(), Length(max=200)])
