"""Discharge: the treating therapist completes a plan with a summary the patient can read and
print; staff who may see the plan read it too (each read audited through the gate)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import Role, roles_required
from portal.accounts.scope import shown_or_404, treats, visible_patients
from portal.audit.services import audit
from portal.localtime import local_today, staff_zone
from portal.outcomes.forms import DischargeForm
from portal.outcomes.models import DischargeSummary
from portal.outcomes.services import load_odi, summary_of_plan
from portal.programs.course_outcomes import course_outcomes, outcome_views, plan_window
from portal.programs.discharge import (
    AlreadyDischarged,
    discharge_plan,
    may_discharge,
    summary_outcomes,
)
from portal.programs.models import TreatmentPlan
from portal.programs.presenters import item_card
from portal.programs.queries import items_in_force, load_plans, load_psfs, practice_days
from portal.therapist.access import get_visible_plan_or_404

blueprint = Blueprint("discharge", __name__, url_prefix="/therapist")


@blueprint.route("/plans/<int:plan_id>/discharge", methods=["GET", "POST"])
@roles_required(Role.THERAPIST)
def discharge(plan_id: int):
    plan = get_visible_plan_or_404(current_user, plan_id)
    if not treats(current_user, plan.patient_id):
        abort(403)  # a colleague of the centre may read the plan, not discharge the patient
    if summary_of_plan(plan.id) is not None:
        flash("This plan is already discharged.", "info")
        return redirect(url_for("discharge.summary", plan_id=plan.id))
    if not may_discharge(plan):
        flash("A cancelled plan cannot be discharged.", "warning")
        return redirect(url_for("therapist.plan", plan_id=plan.id))
    today = local_today(staff_zone(current_user, current_app.config["DEFAULT_TIMEZONE"]))
    form = DischargeForm(discharged_on=today, home_advice=_home_program_text(plan, today))
    day = form.discharged_on.data if form.is_submitted() and form.discharged_on.data else today
    outcomes = _outcomes(plan, min(day, today))
    # Both checks run, so every problem shows at once.
    if form.validate_on_submit() & form.check_dates(plan.start_date, today):
        try:
            summary = discharge_plan(
                plan, current_user, form.discharged_on.data, form.home_advice.data,
                form.notes.data, outcomes,
            )  # fmt: skip
        except AlreadyDischarged:
            flash("This plan was discharged just now, from elsewhere.", "info")
            return redirect(url_for("discharge.summary", plan_id=plan.id))
        audit("plan_discharged", patient_id=plan.patient_id, record=summary)
        flash("Discharged. The plan is completed and the patient can read this summary.", "success")
        return redirect(url_for("discharge.summary", plan_id=plan.id))
    return render_template(
        "therapist/discharge.html", plan=plan, form=form, outcomes=outcome_views(outcomes)
    ), 422 if form.errors else 200


@blueprint.get("/plans/<int:plan_id>/discharge-summary")
@roles_required(Role.THERAPIST, Role.ADMIN)
def summary(plan_id: int):
    visible = visible_patients(current_user).with_only_columns(User.id)
    query = (
        select(DischargeSummary)
        .join(TreatmentPlan, TreatmentPlan.id == DischargeSummary.plan_id)
        .where(DischargeSummary.plan_id == plan_id, TreatmentPlan.patient_id.in_(visible))
    )
    found = shown_or_404(query, "discharge_summary_viewed", lambda s: s.plan.patient_id)
    return render_template(
        "outcomes/discharge_summary.html",
        summary=found,
        plan=found.plan,
        outcomes=summary_outcomes(found),
        back=url_for("therapist.plan", plan_id=plan_id),
    )


def _outcomes(plan: TreatmentPlan, last):
    first, last = plan_window(plan, last)
    days = practice_days(plan.patient_id, first, last)
    return course_outcomes(load_odi(plan.patient_id), load_psfs(plan.patient_id), days, first, last)


def _home_program_text(plan: TreatmentPlan, today) -> str:
    """The home program in force, one line per item, for the therapist to edit."""
    loaded = next((p for p in load_plans([plan.patient_id]) if p.id == plan.id), plan)
    cards = [item_card(item, None) for item in items_in_force(loaded, today)]
    return "\n".join(f"{card.title}: {card.dose}" for card in cards)
