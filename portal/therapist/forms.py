from datetime import date, timedelta

from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.forms import PortalForm, PortalSubform
from portal.guide.dose import Side
from portal.programs.drafts import ItemDraft
from portal.programs.models import PlanStatus
from portal.request_values import near, parse_id
from portal.weekdays import WEEKDAY_NAMES, mask_to_weekdays, weekdays_to_mask

SIDE_LABELS = {
    Side.BOTH: "Both sides",
    Side.LEFT: "Left side",
    Side.RIGHT: "Right side",
    Side.NONE: "No side",
}


class PatientSearchForm(PortalForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField("Name, phone or email", validators=[Optional(), Length(max=100)])


class PlanForm(PortalForm):
    condition = StringField(
        "Condition", validators=[DataRequired("Describe the condition."), Length(max=200)]
    )
    goals = TextAreaField(
        "Goals",
        validators=[DataRequired("Write at least one goal."), Length(max=2000)],
        render_kw={"rows": 3},
    )
    sessions_planned = IntegerField(
        "In-clinic sessions planned",
        validators=[InputRequired("How many sessions?"), NumberRange(0, 100)],
    )
    session_frequency = StringField(
        "How often",
        validators=[DataRequired("Say how often, e.g. twice a week."), Length(max=80)],
        default="Twice a week",
    )
    start_date = DateField("Start date", validators=[InputRequired("Choose a start date.")])
    end_date = DateField("End date (optional)", validators=[Optional()])
    template = SelectField("Home program to start from")

    def __init__(self, *args, today: date, **kwargs) -> None:
        """`today`: the clinic's local date (never the server's): the start date offered, and
        what the chosen dates must be near."""
        kwargs.setdefault("start_date", today)
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_start_date(self, field) -> None:
        if field.data and not near(field.data, self.today):
            raise ValidationError("Choose a start within two years of today.")

    def validate_end_date(self, field) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError("The end date is before the start date.")
        if field.data and not near(field.data, self.today, timedelta(days=4 * 366)):
            raise ValidationError("Choose an end within four years.")


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ItemForm(PortalSubform):
    """One row of the program editor (a subform: the outer form carries the CSRF token)."""

    technique_id = HiddenField()
    hold_seconds = IntegerField("Hold (seconds)", validators=[Optional()])
    side = SelectField(
        "Side", choices=[SelectChoice(side.value, label) for side, label in SIDE_LABELS.items()]
    )
    sets = IntegerField("Sets", validators=[Optional()])
    reps = IntegerField("Repetitions", validators=[Optional()])
    times_per_day = IntegerField("Times a day", validators=[Optional()])
    weekdays = MultiCheckboxField(
        "Days", choices=[SelectChoice(str(day), name) for day, name in enumerate(WEEKDAY_NAMES)]
    )
    patient_note = TextAreaField(
        "Note for the patient", validators=[Optional(), Length(max=500)], render_kw={"rows": 2}
    )
    safety_confirmed = BooleanField("I have read the warning and confirm this point")
    remove = BooleanField("Remove")


class ProgramForm(PortalForm):
    items = FieldList(FormField(ItemForm), label="Item")
    effective_from = DateField("Patients follow it from", validators=[Optional()])
    # Checked by the editor itself, to say "choose one" rather than "not a valid choice".
    add_technique = SelectField(
        "Add a point or exercise", validators=[Optional()], validate_choice=False
    )
    add = SubmitField("Add to program")
    publish = SubmitField("Publish program")

    def drafts(self) -> list[ItemDraft]:
        """The kept rows as drafts. Tampered values become ones the review refuses."""
        return [
            ItemDraft(
                technique_id=as_number(row.technique_id.data),
                hold_seconds=row.hold_seconds.data or 0,
                side=Side(row.side.data) if row.side.data in _SIDE_VALUES else Side.NONE,
                times_per_day=row.times_per_day.data or 0,
                weekdays_mask=weekdays_to_mask(
                    int(day) for day in row.weekdays.data or [] if day in _WEEKDAY_VALUES
                ),
                sets=row.sets.data,
                reps=row.reps.data,
                patient_note=row.patient_note.data,
                safety_confirmed=row.safety_confirmed.data,
            )
            for row in self.kept_rows()
        ]

    def kept_rows(self) -> list[ItemForm]:
        return [entry.form for entry in self.items if not entry.form.remove.data]


_WEEKDAY_VALUES = {str(day) for day in range(7)}
_SIDE_VALUES = {side.value for side in Side}


def as_number(value) -> int:
    """A technique id from a form row; 0, which no technique has, for anything else."""
    return (parse_id(value) if isinstance(value, str) else None) or 0


def row_data(draft: ItemDraft) -> dict:
    return {
        "technique_id": str(draft.technique_id),
        "hold_seconds": draft.hold_seconds,
        "side": draft.side.value,
        "sets": draft.sets,
        "reps": draft.reps,
        "times_per_day": draft.times_per_day,
        "weekdays": [str(day) for day in mask_to_weekdays(draft.weekdays_mask)],
        "patient_note": draft.patient_note,
        "safety_confirmed": draft.safety_confirmed,
    }


class PlanStatusForm(PortalForm):
    status = SelectField(
        "Plan status",
        choices=[SelectChoice(status.value, status.value.capitalize()) for status in PlanStatus],
    )


class AcknowledgeForm(PortalForm):
    note = TextAreaField(
        "What you did",
        validators=[DataRequired("Write a short note: what you did about it."), Length(max=1000)],
        render_kw={"rows": 2},
    )
