from wtforms import (
    BooleanField,
    EmailField,
    Field,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from portal.accounts.roles import Role
from portal.booking.models import ServiceKind
from portal.centres.hours import WEEKDAY_FULL_NAMES, DayHours, day_hours_problem
from portal.forms import PortalForm
from portal.guide.diagrams import VIEW_TITLES
from portal.guide.models import PointSides, TechniqueKind
from portal.person_fields import name_field, phone_field
from portal.phone import PhoneNumber
from portal.programs.models import HOLD_SECONDS_RANGE

_TEXT = {"rows": 3}


class TechniqueForm(PortalForm):
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


class ServiceForm(PortalForm):
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


STAFF_ROLES = (Role.THERAPIST, Role.DESK)


class StaffForm(PortalForm):
    """A therapist (with a centre) or desk member (with a city); the role is fixed once made."""

    role = SelectField(
        "Role",
        choices=[
            SelectChoice(Role.THERAPIST.value, "Physiotherapist"),
            SelectChoice(Role.DESK.value, "Front desk"),
        ],  # fmt: skip
    )
    name = name_field("Full name")
    email = EmailField(
        "Email",
        validators=[
            DataRequired("Give the email address they log in with."),
            Email("That doesn't look like an email address.", check_deliverability=False),
            Length(max=254),
        ],
        description="We email a link to this address to choose a password.",
    )
    phone = StringField(
        "Phone (optional)",
        validators=[Optional(), PhoneNumber()],
        render_kw={"autocomplete": "tel", "inputmode": "tel", "type": "tel"},
    )
    centre = SelectField("Centre (physiotherapists)", default="")
    does_home_visits = BooleanField("Makes home visits")
    city = SelectField("City (front desk)", default="")

    def __init__(self, *args, centres=(), cities=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.centre.choices = [SelectChoice("", "Choose a centre")] + [
            SelectChoice(str(centre.id), f"{centre.name}, {centre.city.name}") for centre in centres
        ]
        self.city.choices = [SelectChoice("", "Choose a city")] + [
            SelectChoice(str(city.id), city.name) for city in cities
        ]

    @property
    def chosen_role(self) -> Role:
        return Role(self.role.data)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.role.errors:
            return False
        needed = self.centre if self.chosen_role is Role.THERAPIST else self.city
        if not needed.data:
            needed.errors = [*needed.errors, f"Choose the {needed.name} they work for."]
            valid = False
        return valid


class CentreForm(PortalForm):
    name = StringField("Name", validators=[DataRequired("Give the name."), Length(max=120)])
    street = StringField(
        "Street address", validators=[DataRequired("Give the street address."), Length(max=200)]
    )
    locality = StringField(
        "Locality", validators=[DataRequired("Give the locality."), Length(max=120)]
    )
    pincode = StringField(
        "Pincode",
        validators=[
            DataRequired("Give the pincode."),
            Regexp(r"^[1-9][0-9]{5}$", message="A pincode has 6 digits."),
        ],
        render_kw={"inputmode": "numeric"},
    )
    phone = phone_field("Phone", "Shown to patients, and on the page after a sharp-pain stop.")
    online_booking = BooleanField(
        "Online booking",
        description="Off: /book does not offer this centre; people call it instead.",
    )

    def day_fields(self) -> list[tuple[str, Field, Field]]:
        return [
            (day, self[f"opens_{weekday}"], self[f"closes_{weekday}"])
            for weekday, day in enumerate(WEEKDAY_FULL_NAMES)
        ]

    def open_days(self) -> list[DayHours]:
        return [
            DayHours(weekday, opens.data, closes.data)
            for weekday, (_day, opens, closes) in enumerate(self.day_fields())
            if opens.data is not None and closes.data is not None
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for _day, opens, closes in self.day_fields():
            if problem := day_hours_problem(opens.data, closes.data):
                closes.errors = [*closes.errors, problem]
                valid = False
        return valid


for _weekday, _day in enumerate(WEEKDAY_FULL_NAMES):
    setattr(CentreForm, f"opens_{_weekday}", TimeField(f"{_day} opens", validators=[Optional()]))
    setattr(CentreForm, f"closes_{_weekday}", TimeField(f"{_day} closes", validators=[Optional()]))


class ActiveForm(PortalForm):
    """Deactivate ("no") or reactivate ("yes") an account."""

    active = SelectField(choices=["yes", "no"], validators=[InputRequired()])
