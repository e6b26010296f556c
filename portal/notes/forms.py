"""The note form (SOAP sections, pain, the back-pain examination built from
notes/template.py, the patient's summary) and the addendum form."""

from wtforms import BooleanField, IntegerField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.forms import PortalForm
from portal.notes.rules import NoteText
from portal.notes.services import NoteDraft
from portal.notes.template import (
    FIELDS,
    LEVELS,
    MOVEMENTS,
    NEURO_TESTS,
    RED_FLAGS,
    SIDES,
    ExamField,
    clean_findings,
)

SECTION_LIMIT = 5000
PAIN_CHOICES = [SelectChoice("", "Not recorded")] + [
    SelectChoice(str(n), str(n)) for n in range(11)
]


def _pain(label: str) -> SelectField:
    return SelectField(label, choices=PAIN_CHOICES, validators=[Optional()])


def _section(label: str, description: str) -> TextAreaField:
    return TextAreaField(label, description=description, render_kw={"rows": 4},
                         validators=[Optional(), Length(max=SECTION_LIMIT)])  # fmt: skip


def _exam_field(field: ExamField):
    if field.is_number:
        in_range = NumberRange(field.low, field.high)
        return IntegerField(field.label, validators=[Optional(), in_range],
                            render_kw={"inputmode": "numeric"})  # fmt: skip
    blank = "Not asked" if field.group == "red_flag" else "Not tested"
    return SelectField(
        field.label,
        choices=[SelectChoice("", blank)] + [SelectChoice(*choice) for choice in field.choices],
        validators=[Optional()],
    )


class NoteForm(PortalForm):
    subjective = _section("Subjective", "What the patient tells you, since last time.")
    pain_now = _pain("Pain now (0–10)")
    pain_worst = _pain("Worst pain in the last 24 hours (0–10)")
    objective = _section("Objective", "What you observed, beyond the examination below.")
    assessment = _section("Assessment", "Your clinical reasoning, and the progress made.")
    plan = _section("Plan", "Treatment today, home program changes, the next session.")
    summary = TextAreaField(
        "Summary for the patient",
        description="Plain words the patient can read: no clinical shorthand.",
        validators=[Optional(), Length(max=1000)],
    )
    share_summary = BooleanField("Share this summary with the patient when I sign")
    save = SubmitField("Save draft")
    sign = SubmitField("Sign and lock")

    def movement_rows(self):
        """(movement, range field, degrees field) for each lumbar movement."""
        return [(label, self[f"rom_{key}_grade"], self[f"rom_{key}_degrees"])
                for key, label in MOVEMENTS]  # fmt: skip

    def slr_rows(self):
        """(side, angle field, result field) for each leg."""
        return [(label, self[f"slr_{side}_angle"], self[f"slr_{side}_result"])
                for side, label in SIDES]  # fmt: skip

    def neuro_groups(self):
        """(test, [(level and what tests it, left field, right field)]) for each test."""
        return [(label, [(f"{level} · {by_level[level]}", self[f"neuro_{test}_{level}_left"],
                          self[f"neuro_{test}_{level}_right"]) for level in LEVELS])
                for test, label, by_level in NEURO_TESTS]  # fmt: skip

    def red_flag_fields(self):
        return [self[f"red_flag_{key}"] for key, _label in RED_FLAGS]

    def draft(self) -> NoteDraft:
        findings, _errors = clean_findings({f.key: self[f.key].data for f in FIELDS})
        text = NoteText(
            subjective=self.subjective.data or "", objective=self.objective.data or "",
            assessment=self.assessment.data or "", plan=self.plan.data or "",
            findings=findings, summary=self.summary.data or "",
            share_summary=bool(self.share_summary.data),
        )  # fmt: skip
        return NoteDraft(text, _as_pain(self.pain_now.data), _as_pain(self.pain_worst.data))

    def fill(self, note) -> None:
        """Show a saved draft."""
        for name in ("subjective", "objective", "assessment", "plan", "summary"):
            self[name].data = getattr(note, name) or ""
        self.share_summary.data = note.share_summary
        self.pain_now.data = "" if note.pain_now is None else str(note.pain_now)
        self.pain_worst.data = "" if note.pain_worst is None else str(note.pain_worst)
        for field in FIELDS:
            self[field.key].data = note.findings.get(field.key, None if field.is_number else "")


for _field in FIELDS:
    setattr(NoteForm, _field.key, _exam_field(_field))


def _as_pain(value: str | None) -> int | None:
    # Optional() lets blank input through (and clears the choice check's error): "\r\n\t" is
    # "not recorded", like "".
    return None if value is None or not value.strip() else int(value)


class AddendumForm(PortalForm):
    body = TextAreaField(
        "Addendum",
        description="What changes or adds to the signed note. It is signed with your name now.",
        validators=[DataRequired("Write the addendum."), Length(max=SECTION_LIMIT)],
    )
