"""The program editor: a therapist adjusts the draft, then publishes it as a new version.

It works as plain forms: "Add to program" re-renders the draft with one more row, "Remove"
ticks drop rows, and "Publish" checks the whole draft (doses, sides, safety) before saving.
"""

from dataclasses import dataclass
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.accounts.models import User
from portal.audit.services import audit
from portal.extensions import db
from portal.guide.models import Technique
from portal.programs.drafts import DraftReview, ItemDraft, review_draft
from portal.programs.models import ProgramTemplate, TreatmentPlan
from portal.programs.schedule import EVERY_DAY
from portal.programs.services import (
    drafts_from_items,
    publish_version,
    screening_of,
    technique_facts,
)
from portal.safety.rules import Block
from portal.safety.services import flag_facts
from portal.safety.stops import stopped_techniques
from portal.therapist.forms import ItemForm, ProgramForm, as_number, row_data


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


def edit_program(plan: TreatmentPlan, therapist: User, today: date):
    techniques = {t.id: t for t in db.session.scalars(select(Technique))}
    screening = screening_of(plan.patient_id)
    answers = screening.answers() if screening else None
    form = ProgramForm()
    form.add_technique.choices = _technique_choices(techniques.values())
    review = DraftReview()
    if not form.is_submitted():
        _fill(form, _starting_drafts(plan))
        form.effective_from.data = today
    elif form.validate():
        # Rebuild the rows: drops the ones ticked "Remove" (and any unknown technique).
        _fill(form, [d for d in form.drafts() if d.technique_id in techniques])
        if form.add.data:
            _add_row(form, techniques)
        elif form.publish.data:
            review = review_draft(form.drafts(), technique_facts(techniques.values()), answers)
            effective = form.effective_from.data or today
            if effective < today:
                form.effective_from.errors.append("Choose today or a later date.")
            elif review.can_publish:
                version = publish_version(plan.program, form.drafts(), effective, therapist)
                audit("program_published", patient_id=plan.patient_id, record=version)
                flash(f"Version {version.number} published from {effective:%d %b %Y}.", "success")
                return redirect(url_for("therapist.plan", plan_id=plan.id))
            _attach_errors(form, review)
    if answers is not None:
        review = _with_warnings(form, techniques, answers, review)
    stopped = stopped_techniques(flag_facts(plan.patient_id))
    rows = [
        EditorRow(
            row.form,
            techniques[technique_id],
            review.warnings.get(n, []),
            row.id,
            stopped=technique_id in stopped,
        )
        for n, row in enumerate(form.items)
        if (technique_id := as_number(row.form.technique_id.data)) in techniques
    ]
    status = 422 if review.errors or form.errors else 200
    return render_template(
        "therapist/program.html",
        plan=plan,
        form=form,
        rows=rows,
        row_names={row.anchor: row.title for row in rows},
        review=review,
        today=today,
    ), status


def _starting_drafts(plan: TreatmentPlan) -> list[ItemDraft]:
    versions = plan.program.versions if plan.program else []
    if versions:
        return drafts_from_items(versions[-1].items)
    template_id = request.args.get("template", type=int)
    template = db.session.get(ProgramTemplate, template_id) if template_id else None
    return drafts_from_items(template.items) if template else []


def _fill(form: ProgramForm, drafts: list[ItemDraft]) -> None:
    while form.items.entries:
        form.items.pop_entry()
    for draft in drafts:
        form.items.append_entry(row_data(draft))


def _add_row(form: ProgramForm, techniques: dict[int, Technique]) -> None:
    chosen = techniques.get(as_number(form.add_technique.data))
    if chosen is None or chosen.archived:
        form.add_technique.errors.append("Choose a point or exercise to add.")
        return
    form.items.append_entry(row_data(default_draft(chosen)))
    form.add_technique.data = ""


def _attach_errors(form: ProgramForm, review: DraftReview) -> None:
    for row_number, errors in review.errors.items():
        if row_number < 0:
            form.add_technique.errors.extend(errors.values())
            continue
        row = form.items[row_number].form
        for name, message in errors.items():
            target = row.weekdays if name == "weekdays" else getattr(row, name, row.technique_id)
            target.errors = [*target.errors, message]


def _with_warnings(form, techniques, answers, review: DraftReview) -> DraftReview:
    """Warnings show as soon as a blocked point is in the draft, not only on publishing."""
    if review.warnings:
        return review
    facts = technique_facts(techniques.values())
    warnings = review_draft(form.drafts(), facts, answers).warnings
    return DraftReview(errors=review.errors, warnings=warnings)


def _technique_choices(techniques) -> list[SelectChoice]:
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
