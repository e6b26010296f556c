from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from portal.booking.models import ServiceKind
from portal.guide.diagrams import VIEW_TITLES
from portal.guide.models import PointSides, TechniqueKind
from portal.programs.models import HOLD_SECONDS_RANGE

_TEXT = {"rows": 3}


class TechniqueForm(FlaskForm):
    """One form for both kinds; the fields a kind does not use are ignored for it."""

    kind = SelectField(
        "Kind",
        choices=[
            SelectChoice(TechniqueKind.ACUPRESSURE.value, "Acupressure point"),
            SelectChoice(TechniqueKind.EXERCISE.value, "Exercise"),
        ],  # fmt: skip
    )
    code = StringField(
        "Code",
        validators=[
            DataRequired("Give a short code, e.g. BL23 or SIDE-PLANK."),
            Regexp(r"^[A-Za-z0-9-]{2,20}$", message="2 to 20 letters, digits or hyphens."),
        ],
    )
    name = StringField("English name", validators=[DataRequired("Give the name."), Length(max=120)])
    pinyin_name = StringField("Pinyin name (points)", validators=[Optional(), Length(max=60)])
    meridian = StringField(
        "Meridian and number (points)",
        validators=[Optional(), Length(max=60)],
        description="e.g. Bladder 23",
    )
    summary = StringField(
        "One-line summary", validators=[DataRequired("Write one line."), Length(max=160)]
    )
    location = TextAreaField("How to find it (points)", render_kw=_TEXT)
    benefits = TextAreaField(
        "What it is for", validators=[DataRequired("Say what it is for.")], render_kw=_TEXT
    )
    how_to = TextAreaField(
        "How to do it", validators=[DataRequired("Explain how to do it.")], render_kw=_TEXT
    )
    cautions = TextAreaField(
        "Cautions", validators=[DataRequired("List the cautions.")], render_kw=_TEXT
    )
    default_hold_seconds = IntegerField(
        "Default hold (seconds)",
        validators=[InputRequired("Give the hold in seconds."), NumberRange(*HOLD_SECONDS_RANGE)],
    )
    sides = SelectField(
        "Sides (points)",
        choices=[
            SelectChoice(PointSides.BOTH.value, "A point on each side"),
            SelectChoice(PointSides.MIDLINE.value, "One point on the midline"),
        ],  # fmt: skip
    )
    avoid_in_pregnancy = BooleanField("Traditionally avoided in pregnancy")
    diagram_view = SelectField(
        "Body diagram (points)",
        choices=[SelectChoice(view.value, title) for view, title in VIEW_TITLES.items()],
    )
    diagram_x = FloatField("Marker across (0–200)", validators=[Optional(), NumberRange(0, 200)])
    diagram_y = FloatField("Marker down (0–300)", validators=[Optional(), NumberRange(0, 300)])
    default_sets = IntegerField(
        "Default sets (exercises)", validators=[Optional(), NumberRange(1, 10)]
    )
    default_reps = IntegerField(
        "Default repetitions (exercises)", validators=[Optional(), NumberRange(1, 50)]
    )
    archived = BooleanField("Archived: no longer offered for new programs")

    @property
    def is_point(self) -> bool:
        return self.kind.data == TechniqueKind.ACUPRESSURE.value

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for name, message in (_POINT_NEEDS if self.is_point else _EXERCISE_NEEDS).items():
            field = self[name]
            if field.data is None or (isinstance(field.data, str) and not field.data.strip()):
                field.errors = [*field.errors, message]
                valid = False
        return valid


_POINT_NEEDS = {
    "location": "Say where to find the point.",
    "diagram_x": "Place the marker on the diagram.",
    "diagram_y": "Place the marker on the diagram.",
}
_EXERCISE_NEEDS = {
    "default_sets": "Give the default number of sets.",
    "default_reps": "Give the default number of repetitions.",
}


class ServiceForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Give the name."), Length(max=80)])
    slug = StringField(
        "Short name in links",
        validators=[
            DataRequired("Give a short name, e.g. follow-up."),
            Regexp(r"^[a-z0-9-]{2,40}$", message="Lower-case letters, digits and hyphens."),
        ],
    )
    kind = SelectField(
        "Kind",
        choices=[
            SelectChoice(ServiceKind.OUTPATIENT.value, "At a centre"),
            SelectChoice(ServiceKind.HOME_VISIT.value, "Home visit"),
        ],  # fmt: skip
    )
    duration_minutes = IntegerField(
        "Length (minutes)",
        validators=[InputRequired("Give the length."), NumberRange(15, 240)],
    )
    buffer_minutes = IntegerField(
        "Travel or preparation time each side (minutes)",
        validators=[InputRequired("Give 0 if none."), NumberRange(0, 120)],
        default=0,
    )
    active = BooleanField("Offered for booking", default=True)

    def validate_duration_minutes(self, field) -> None:
        if field.data is not None and field.data % 15:
            raise ValidationError("Use a multiple of 15 minutes, to fit the booking grid.")
