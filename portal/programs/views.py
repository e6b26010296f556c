from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.roles import Role, roles_required
from portal.extensions import db
from portal.languages import gettext as _
from portal.outcomes.forms import OdiForm
from portal.outcomes.models import DischargeSummary
from portal.outcomes.odi import SECTIONS
from portal.outcomes.services import load_odi, record_odi
from portal.programs.course_outcomes import (
    course_outcomes,
    course_start,
    odi_due_since,
    odi_next_due,
    outcome_views,
)
from portal.programs.discharge import summary_outcomes
from portal.programs.forms import PracticeForm, PsfsForm, StopForm
from portal.programs.models import PlanStatus, TreatmentPlan
from portal.programs.patient_day import PatientDay
from portal.programs.presenters import item_card
from portal.programs.progress import build_progress_from_days
from portal.programs.queries import (
    items_in_force,
    load_plans,
    load_psfs,
    patient_centre,
    plan_schedules,
    practice_days,
)
from portal.programs.schedule import can_log_on
from portal.programs.services import record_practice, record_psfs, stop_session
from portal.request_values import parse_whole_number

blueprint = Blueprint("programs", __name__)


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
    patient_day = PatientDay(current_user, loggable_days_only=True)
    day = _requested_day(request.args.get("date"), patient_day.today)
    if day is None:
        flash(_("You can look at and fill in the last 7 days only."), "warning")
        return redirect(url_for("programs.today"))
    return render_template("programs/today.html", page=patient_day.page(day))


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
    logs = patient_day.logs_on(day)  # (first: read with the screening and flags)
    card = item_card(item, patient_day.screening, logs, patient_day.flags)
    if card.stopped:
        return render_template("safety/stopped.html", card=card, centre=patient_day.centre), 403
    if card.block is not None:
        return render_template("programs/blocked.html", card=card, day=day), 403
    if form.validate_on_submit():
        _log, created = record_practice(
            patient=current_user,
            item=item,
            occurrence_date=day,
            occurrence_index=index,
            pain_before=int(form.pain_before.data),
            pain_after=int(form.pain_after.data),
            note=form.note.data,
        )
        flash(
            _("Well done: %(title)s is logged.", title=card.title)
            if created
            else _("That was already logged."),
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
        centre=patient_day.centre,  # whom to call, in the stop advice shown offline
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
    if stop_session(current_user, item, day) is None:
        # Already stopped: the therapist has been told; say so again, with what to do.
        return render_template("safety/stopped.html", card=card, centre=patient_day.centre)
    return redirect(url_for("programs.stopped"))


def _occurrence_index(raw: str | None, item) -> int:
    if raw is None:
        return 1
    occurrence = parse_whole_number(raw, max_digits=2)
    if occurrence is None or not 1 <= occurrence <= item.times_per_day:
        abort(404)
    return occurrence


def _date_arg(day: date, today: date) -> str | None:
    return None if day == today else day.isoformat()


@blueprint.get("/progress")
@roles_required(Role.PATIENT)
def progress():
    # The plans' dates and centres; what is due from a few columns (plan_schedules).
    patient_day = PatientDay(current_user, with_programs=False)
    today = patient_day.today
    days = practice_days(current_user.id, today - timedelta(days=366), today)
    psfs, odi = load_psfs(current_user.id), load_odi(current_user.id)
    schedules = plan_schedules([current_user.id]).get(current_user.id, [])
    result = build_progress_from_days(schedules, days, psfs, today)
    return render_template(
        "programs/progress.html",
        progress=result,
        outcomes=outcome_views(
            course_outcomes(odi, psfs, days, first=course_start(patient_day.plans))
        ),
        odi_due=odi_due_since(patient_day.plans, odi, today),
        odi_next=odi_next_due(patient_day.plans, today),
        discharged=_discharged(patient_day.plans),
    )


def _discharged(plans) -> list[TreatmentPlan]:
    """The completed plans that have a discharge summary to read."""
    completed = [plan.id for plan in plans if plan.status is PlanStatus.COMPLETED]
    with_summary = set(
        db.session.scalars(
            select(DischargeSummary.plan_id).where(DischargeSummary.plan_id.in_(completed))
        )
    ) if completed else set()  # fmt: skip
    return [plan for plan in plans if plan.id in with_summary]


@blueprint.route("/progress/odi", methods=["GET", "POST"])
@roles_required(Role.PATIENT)
def odi():
    """The Oswestry questionnaire, all ten sections on one page."""
    today = PatientDay(current_user).today
    form = OdiForm()
    if form.validate_on_submit():
        response, _new = record_odi(current_user.id, today, form.answers())
        score = response.score()
        flash(
            _("Saved: your score is %(score)d %%. See how it compares below.", score=score.rounded)
            if score
            else _("Saved: thank you for answering. See how it compares below."),
            "success",
        )
        return redirect(url_for("programs.progress") + "#outcomes")
    return render_template(
        "programs/odi.html", form=form, sections=SECTIONS
    ), 422 if form.errors else 200


@blueprint.get("/plans/<int:plan_id>/discharge-summary")
@roles_required(Role.PATIENT)
def discharge_summary(plan_id: int):
    """The patient's own discharge summary (another patient's plan id: not found)."""
    summary = db.session.scalar(
        select(DischargeSummary)
        .join(TreatmentPlan, TreatmentPlan.id == DischargeSummary.plan_id)
        .where(DischargeSummary.plan_id == plan_id, TreatmentPlan.patient_id == current_user.id)
    )
    if summary is None:
        abort(404)
    return render_template(
        "outcomes/discharge_summary.html",
        summary=summary,
        plan=summary.plan,
        outcomes=summary_outcomes(summary),
        back=url_for("programs.progress"),
    )


@blueprint.route("/progress/psfs", methods=["GET", "POST"])
@roles_required(Role.PATIENT)
def psfs():
    patient_day = PatientDay(current_user)
    earlier = load_psfs(current_user.id)
    form = PsfsForm()
    if form.validate_on_submit():
        record_psfs(current_user, patient_day.today, form.entries())
        flash(_("Thank you. Your scores are saved."), "success")
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
    plans = load_plans([current_user.id], with_therapists=False, with_programs=False)
    centre = patient_centre(current_user, plans)
    return render_template("safety/stopped.html", card=None, centre=centre)
