from flask_babel.speaklater import LazyString
from wtforms import HiddenField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, StopValidation

from portal.forms import PortalForm
from portal.languages import lazy_gettext as _l

PAIN_CHOICES = [SelectChoice(str(score), str(score)) for score in range(11)]


PAIN_MESSAGE = _l("Tap a number from 0 (no pain) to 10 (worst pain).")


def pain_field(label: LazyString) -> RadioField:
    return RadioField(
        label,
        choices=PAIN_CHOICES,
        validate_choice=False,  # AnyOf says it in words a patient understands
        validators=[
            InputRequired(PAIN_MESSAGE),
            AnyOf([choice.value for choice in PAIN_CHOICES], PAIN_MESSAGE),
        ],
    )


SCORE_MESSAGE = _l("Give a score from 0 to 10.")
# WTForms' own messages have no Hindi, Kannada or Telugu: ours say it in the patient's language.
TOO_LONG = _l("Keep it to %(max)d characters.")


class ScoreField(IntegerField):
    """A 0–10 score whose "not a number" error is ours, said once."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(SCORE_MESSAGE)) from error

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # the range check would say the same again


class PracticeForm(PortalForm):
    occurrence_date = HiddenField()
    occurrence_index = HiddenField()
    pain_before = pain_field(_l("Pain before you start"))
    pain_after = pain_field(_l("Pain now, after"))
    note = TextAreaField(
        _l("Anything to tell your therapist? (optional)"),
        validators=[Optional(), Length(max=1000, message=TOO_LONG)],
        render_kw={"rows": 2},
    )


class StopForm(PortalForm):
    occurrence_date = HiddenField()


class PsfsForm(PortalForm):
    """Patient-Specific Functional Scale: up to three activities, each scored 0 to 10."""

    activity_1 = StringField(
        _l("Activity 1"),
        validators=[
            InputRequired(_l("Name at least one activity.")),
            Length(max=120, message=TOO_LONG),
        ],
        description=_l(
            "Something your back makes hard, e.g. \u201csitting through a meeting\u201d."
        ),
    )
    score_1 = ScoreField(
        _l("How well can you do it today? (0 = not at all, 10 = as before)"),
        validators=[InputRequired(SCORE_MESSAGE), NumberRange(0, 10, SCORE_MESSAGE)],
        render_kw={"inputmode": "numeric", "min": 0, "max": 10},
    )
    activity_2 = StringField(
        _l("Activity 2 (optional)"), validators=[Optional(), Length(max=120, message=TOO_LONG)]
    )
    score_2 = ScoreField(
        _l("Score for activity 2"),
        validators=[Optional(), NumberRange(0, 10, SCORE_MESSAGE)],
        render_kw={"inputmode": "numeric", "min": 0, "max": 10},
    )
    activity_3 = StringField(
        _l("Activity 3 (optional)"), validators=[Optional(), Length(max=120, message=TOO_LONG)]
    )
    score_3 = ScoreField(
        _l("Score for activity 3"),
        validators=[Optional(), NumberRange(0, 10, SCORE_MESSAGE)],
        render_kw={"inputmode": "numeric", "min": 0, "max": 10},
    )

    def entries(self) -> list[tuple[str, int]]:
        pairs = [
            (self.activity_1, self.score_1),
            (self.activity_2, self.score_2),
            (self.activity_3, self.score_3),
        ]
        return [
            (activity.data.strip(), score.data)
            for activity, score in pairs
            if activity.data and activity.data.strip() and score.data is not None
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for activity, score in ((self.activity_2, self.score_2), (self.activity_3, self.score_3)):
            if activity.data and activity.data.strip() and score.data is None:
                score.errors.append(SCORE_MESSAGE)
                valid = False
        return valid
