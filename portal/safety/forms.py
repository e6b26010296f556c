from wtforms import BooleanField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.forms import PortalForm
from portal.safety.rules import Pregnancy, RedFlag

_YES_NO = [SelectChoice("no", "No"), SelectChoice("yes", "Yes")]


def _yes_no(label: str) -> RadioField:
    return RadioField(
        label, choices=_YES_NO, validators=[InputRequired("Please answer yes or no.")]
    )


class ScreeningForm(PortalForm):
    pregnancy = RadioField(
        "Are you pregnant, or could you be?",
        choices=[
            SelectChoice(Pregnancy.NO.value, "No"),
            SelectChoice(Pregnancy.YES.value, "Yes"),
            SelectChoice(Pregnancy.NOT_SURE.value, "Not sure"),
        ],
        validators=[InputRequired("Please choose an answer.")],
    )
    high_blood_pressure = _yes_no("Do you have high blood pressure?")
    skin_problems = _yes_no(
        "Do you have open wounds, varicose veins, or red, hot or swollen skin near any of "
        "your acupressure points?"
    )


class SymptomsForm(PortalForm):
    """One checkbox per red flag; field names are the RedFlag values."""


for _flag in RedFlag:
    setattr(SymptomsForm, _flag.value, BooleanField(_flag.question))
