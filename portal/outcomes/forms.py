from datetime import date

from wtforms import DateField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from portal.forms import PortalForm
from portal.languages import lazy_gettext as _l
from portal.localtime import day as format_day
from portal.outcomes.odi import SECTION_KEYS, SECTIONS, Section

SKIP = "skip"
CHOOSE = _l("Choose the sentence closest to how you are today.")


def _section_field(section: Section) -> RadioField:
    """The section's statements, in the page's language (marked in outcomes/odi.py)."""
    choices = [
        SelectChoice(str(score), _l(statement))
        for score, statement in enumerate(section.statements)
    ]
    if section.optional:
        choices.append(
            SelectChoice(
                SKIP, _l("Skip this section: it does not apply, or I would rather not say.")
            )
        )
    allowed = AnyOf([choice.value for choice in choices], CHOOSE)
    return RadioField(
        _l(section.title),
        choices=choices,
        validate_choice=False,  # AnyOf says it in words a patient understands
        validators=[Optional(), allowed] if section.optional else [InputRequired(CHOOSE), allowed],
    )


class OdiForm(PortalForm):
    """The Oswestry questionnaire on one page: a group of radio buttons per section."""

    def answers(self) -> dict[str, int | None]:
        return {key: _score(self[key].data) for key in SECTION_KEYS}


for _section in SECTIONS:
    setattr(OdiForm, _section.key, _section_field(_section))


def _score(value: str | None) -> int | None:
    # Optional() lets blank or whitespace-only answers through as "not answered": so is here.
    answer = (value or "").strip()
    return None if answer in ("", SKIP) else int(answer)


class DischargeForm(PortalForm):
    discharged_on = DateField("Discharged on", validators=[InputRequired("Choose the date.")])
    home_advice = TextAreaField(
        "What to keep doing at home",
        validators=[InputRequired("Say what the patient should keep doing."), Length(max=4000)],
        description="We filled in the home program in force; change it as you see fit.",
        render_kw={"rows": 6},
    )
    notes = TextAreaField(
        "Summary for the patient (optional)",
        validators=[Optional(), Length(max=4000)],
        description="How the course went, what changed, when to come back.",
        render_kw={"rows": 5},
    )

    def check_dates(self, plan_start: date, today: date) -> bool:
        """The discharge falls inside the plan: not before it started, not in the future."""
        day = self.discharged_on.data
        if day is not None and not plan_start <= day <= today:
            self.discharged_on.errors = [
                *self.discharged_on.errors,
                f"Choose a date from the plan's start ({format_day(plan_start)}) to today.",
            ]
            return False
        return True
