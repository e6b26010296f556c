"""The program editor's rows: a therapist adjusts the draft, then publishes it as a new version
(the page itself is portal/therapist/views.py: program).

It works as plain forms: "Add to program" re-renders the draft with one more row, "Remove"
ticks drop rows, and "Publish" checks the whole draft (doses, sides, safety) before saving.
"""

from dataclasses import dataclass

from wtforms.fields.choices import SelectChoice

from portal.extensions import db
from portal.guide.models import Technique
from portal.programs.drafts import DraftReview, ItemDraft, review_draft
from portal.programs.models import ProgramTemplate, TreatmentPlan
from portal.programs.services import (
    drafts_from_items,
    technique_facts,
)
from portal.safety.rules import Block
from portal.therapist.forms import ItemForm, ProgramForm, as_number, row_data
from portal.weekdays import EVERY_DAY


@dataclass(frozen=True)
class EditorRow:
    form: ItemForm
    technique: Technique
    warnings: list[Block]
    anchor: str  # the row's id, where the error summary links errors of its hidden fields
    stopped: bool  # the patient stopped it with sharp pain; a new version does not lift that

    @property
    def title(self) -> str:
        technique = self.technique
        if technique.is_acupressure:
            return f"{technique.code} {technique.pinyin_name}"
        return technique.name


def default_draft(technique: Technique) -> ItemDraft:
    """A new row: the technique's own defaults, every day."""
    return ItemDraft(
        technique_id=technique.id,
        hold_seconds=technique.default_hold_seconds,
        side=technique.default_side,
        times_per_day=2 if technique.is_acupressure else 1,
        weekdays_mask=EVERY_DAY,
        sets=technique.default_sets,
        reps=technique.default_reps,
    )


def starting_drafts(plan: TreatmentPlan, template_id: int | None) -> list[ItemDraft]:
    """The latest version's rows, or else the chosen template's (a new program)."""
    versions = plan.program.versions if plan.program else []
    if versions:
        return drafts_from_items(versions[-1].items)
    template = db.session.get(ProgramTemplate, template_id) if template_id else None
    return drafts_from_items(template.items) if template else []


def fill_rows(form: ProgramForm, drafts: list[ItemDraft]) -> None:
    while form.items.entries:
        form.items.pop_entry()
    for draft in drafts:
        form.items.append_entry(row_data(draft))


def add_row(form: ProgramForm, techniques: dict[int, Technique]) -> None:
    chosen = techniques.get(as_number(form.add_technique.data))
    if chosen is None or chosen.archived:
        form.add_technique.errors.append("Choose a point or exercise to add.")
        return
    form.items.append_entry(row_data(default_draft(chosen)))
    form.add_technique.data = ""


def attach_errors(form: ProgramForm, review: DraftReview) -> None:
    for row_number, errors in review.errors.items():
        if row_number < 0:
            form.add_technique.errors.extend(errors.values())
            continue
        row = form.items[row_number].form
        for name, message in errors.items():
            target = row.weekdays if name == "weekdays" else getattr(row, name, row.technique_id)
            target.errors = [*target.errors, message]


def with_warnings(form, techniques, answers, review: DraftReview) -> DraftReview:
    """Warnings show as soon as a blocked point is in the draft, not only on publishing."""
    if review.warnings:
        return review
    facts = technique_facts(techniques.values())
    warnings = review_draft(form.drafts(), facts, answers).warnings
    return DraftReview(errors=review.errors, warnings=warnings)


def technique_choices(techniques) -> list[SelectChoice]:
    active = sorted(
        (t for t in techniques if not t.archived), key=lambda t: (t.kind, t.sort_order, t.name)
    )
    return [SelectChoice("", "Choose a point or exercise")] + [
        SelectChoice(
            str(t.id),
            f"{t.code} {t.pinyin_name}" if t.is_acupressure else t.name,
            optgroup="Acupressure points" if t.is_acupressure else "Exercises",
        )
        for t in active
    ]
