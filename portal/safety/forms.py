from flask_babel.speaklater import LazyString
from wtforms import BooleanField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.forms import PortalForm
from portal.languages import lazy_gettext as _l
from portal.safety.rules import Pregnancy, RedFlag

_YES_NO = [SelectChoice("no", _l("No")), SelectChoice("yes", _l("Yes"))]


def _yes_no(label: LazyString) -> RadioField:
    return RadioField(
        label, choices=_YES_NO, validators=[InputRequired(_l("Please answer yes or no."))]
    )


class ScreeningForm(PortalForm):
    pregnancy = RadioField(
        _l("Are you pregnant, or could you be?"),
        choices=[
            SelectChoice(Pregnancy.NO.value, _l("No")),
            SelectChoice(Pregnancy.YES.value, _l("Yes")),
            SelectChoice(Pregnancy.NOT_SURE.value, _l("Not sure")),
        ],
        validators=[InputRequired(_l("Please choose an answer."))],
    )
    high_blood_pressure = _yes_no(_l("Do you have high blood pressure?"))
    skin_problems = _yes_no(
        _l(
            "Do you have open wounds, varicose veins, or red, hot or swollen skin near any of "
            "your acupressure points?"
        )
    )


class SymptomsForm(PortalForm):
    """One checkbox per red flag; field names are the RedFlag values."""


for _flag in RedFlag:
    # The question is marked for translation where it is defined (safety/rules.py).
    setattr(SymptomsForm, _flag.value, BooleanField(_l(_flag.question)))
