from datetime import date, timedelta
from functools import cached_property

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role, roles_required
from portal.localtime import day as format_day
from portal.localtime import local_today
from portal.programs.forms import PracticeForm, PsfsForm, StopForm
from portal.programs.presenters import day_page, item_card
from portal.programs.progress import build_progress_from_days
from portal.programs.queries import (
    items_in_force,
    load_logs,
    load_plans,
    load_psfs,
    patient_centre,
    patient_timezone,
    practice_days,
)
from portal.programs.schedule import can_log_on
from portal.programs.services import record_practice, record_psfs
from portal.safety.rules import ScreeningAnswers
from portal.safety.services import safety_facts, stop_for_sharp_pain
from portal.safety.stops import FlagFacts
from portal.weekdays import is_due_on

blueprint = Blueprint("programs", __name__)


class PatientDay:
    """A patient's plans and their centre's 'today', loaded once; their screening and flags
    (one statement) when a page asks for them."""

    def __init__(self, patient, *, with_therapists: bool = False) -> None:
        self.patient = patient
        # Only the printed program names the therapist: the other pages leave their row out.
        self.plans = load_plans([patient.id], with_therapists=with_therapists)
        self.today = local_today(patient_timezone(patient, self.plans))
        self.centre = patient_centre(patient, self.plans)

    @cached_property
    def _safety(self) -> tuple[ScreeningAnswers | None, list[FlagFacts]]:
        return safety_facts(self.patient.id)

    @property
    def screening(self) -> ScreeningAnswers | None:
        return self._safety[0]

    @property
    def flags(self) -> list[FlagFacts]:
        return self._safety[1]

    def items_on(self, day: date):
        return [item for plan in self.plans for item in items_in_force(plan, day)]

    def item_on(self, item_id: int, day: date):
        """The item if it is in this patient's program on that day; 404 otherwise.

        A page opened before the therapist published a new version names the old version's
        item: it stands for the same technique in the version now in force."""
        due = [i for i in self.items_on(day) if is_due_on(i.weekdays_mask, day)]
        found = next((item for item in due if item.id == item_id), None)
        if found is None and (earlier := self._any_version_item(item_id)) is not None:
            found = next((item for item in due if item.technique_id == earlier.technique_id), None)
        if found is None:
            abort(404)
        return found

    def _any_version_item(self, item_id: int):
        versions = [v for plan in self.plans if plan.program for v in plan.program.versions]
        return next((i for version in versions for i in version.items if i.id == item_id), None)


def _requested_day(raw: str | None, today: date) -> date | None:
    if not raw:
        return today
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    return day if can_log_on(day, today) else None


@blueprint.get("/today")
@roles_required(Role.PATIENT)
def today():
    patient_day = PatientDay(current_user)
    day = _requested_day(request.args.get("date"), patient_day.today)
    if day is None:
        flash("You can look at and fill in the last 7 days only.", "warning")
        return redirect(url_for("programs.today"))
    page = day_page(
        day,
        patient_day.today,
        patient_day.items_on(day),
        patient_day.screening,
        load_logs([current_user.id], day, day),
        has_program=any(plan.program and plan.program.versions for plan in patient_day.plans),
        flags=patient_day.flags,
    )
    return render_template("programs/today.html", page=page)


@blueprint.route("/today/practice/<int:item_id>", methods=["GET", "POST"])
@roles_required(Role.PATIENT)
def practice(item_id: int):
    patient_day = PatientDay(current_user)
    form = PracticeForm()
    day = _requested_day(
        request.form.get("occurrence_date") or request.args.get("date"), patient_day.today
    )
    if day is None:
        abort(404)
    item = patient_day.item_on(item_id, day)
    index = _occurrence_index(request.form.get("occurrence_index") or request.args.get("n"), item)
    card = item_card(
        item, patient_day.screening, load_logs([current_user.id], day, day), patient_day.flags
    )
    if card.stopped:
        return render_template("safety/stopped.html", card=card, centre=patient_day.centre), 403
    if card.block is not None:
        return render_template("programs/blocked.html", card=card, day=day), 403
    if form.validate_on_submit():
        _, created = record_practice(
            patient=current_user,
            item=item,
            occurrence_date=day,
            occurrence_index=index,
            pain_before=int(form.pain_before.data),
            pain_after=int(form.pain_after.data),
            note=form.note.data,
        )
        flash(
            f"Well done: {card.title} is logged." if created else "That was already logged.",
            "success",
        )
        return redirect(url_for("programs.today", date=_date_arg(day, patient_day.today)))
    form.occurrence_date.data = day.isoformat()
    form.occurrence_index.data = str(index)
    return render_template(
        "programs/practice.html",
        card=card,
        form=form,
        stop_form=StopForm(occurrence_date=day.isoformat()),
        day=day,
        index=index,
        today=patient_day.today,
    ), 422 if form.errors else 200


@blueprint.post("/today/practice/<int:item_id>/stop")
@roles_required(Role.PATIENT)
def stop(item_id: int):
    """'Sharp pain — stop': end the session, flag it for the therapist, say what to do."""
    form = StopForm()
    if not form.validate_on_submit():
        abort(400)
    patient_day = PatientDay(current_user)
    day = _requested_day(form.occurrence_date.data, patient_day.today) or patient_day.today
    item = patient_day.item_on(item_id, day)
    card = item_card(item, patient_day.screening)
    details = f"Stopped {card.title} because of sharp pain ({format_day(day, 'date')})."
    if stop_for_sharp_pain(current_user, item, details) is None:
        # Already stopped: the therapist has been told; say so again, with what to do.
        return render_template("safety/stopped.html", card=card, centre=patient_day.centre)
    return redirect(url_for("programs.stopped"))


def _occurrence_index(raw: str | None, item) -> int:
    if raw is None:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= item.times_per_day:
        abort(404)
    return int(raw)


def _date_arg(day: date, today: date) -> str | None:
    return None if day == today else day.isoformat()


@blueprint.get("/progress")
@roles_required(Role.PATIENT)
def progress():
    patient_day = PatientDay(current_user)
    today = patient_day.today
    days = practice_days(current_user.id, today - timedelta(days=366), today)
    result = build_progress_from_days(patient_day.plans, days, load_psfs(current_user.id), today)
    return render_template("programs/progress.html", progress=result)


@blueprint.route("/progress/psfs", methods=["GET", "POST"])
@roles_required(Role.PATIENT)
def psfs():
    patient_day = PatientDay(current_user)
    earlier = load_psfs(current_user.id)
    form = PsfsForm()
    if form.validate_on_submit():
        record_psfs(current_user, patient_day.today, form.entries())
        flash("Thank you. Your scores are saved.", "success")
        return redirect(url_for("programs.progress"))
    if not form.is_submitted() and earlier:
        # The same activities are scored again each time, so the scores can be compared.
        for position, score in enumerate(earlier[-1].scores, start=1):
            form[f"activity_{position}"].data = score.activity
    return render_template(
        "programs/psfs.html", form=form, earlier=earlier
    ), 422 if form.errors else 200


@blueprint.get("/program/print")
@roles_required(Role.PATIENT)
def print_program():
    patient_day = PatientDay(current_user, with_therapists=True)
    plans = [
        (plan, [item_card(item, patient_day.screening) for item in items])
        for plan in patient_day.plans
        if (items := items_in_force(plan, patient_day.today))
    ]
    return render_template("programs/print.html", plans=plans, patient=current_user)


@blueprint.get("/safety/stopped")
@roles_required(Role.PATIENT)
def stopped():
    """What to do now that a technique is stopped (after "Sharp pain — stop"), and whom to
    call: the patient's centre."""
    centre = patient_centre(current_user, load_plans([current_user.id]))
    return render_template("safety/stopped.html", card=None, centre=centre)
