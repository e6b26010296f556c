from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired

from portal.contact.models import CallbackStatus


class CallbackStatusForm(FlaskForm):
    status = HiddenField(
        validators=[DataRequired(), AnyOf([status.value for status in CallbackStatus])]
    )
