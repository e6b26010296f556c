from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.accounts.roles import Role, roles_required
from portal.accounts.scope import (
    get_visible_patient_or_404,
    page_of_visible_patients,
    patient_matches,
    treats,
    visible_patients,
)
from portal.audit.services import audit, record_read
from portal.booking.course_page import Course, course_page
from portal.booking.presenters import when
from portal.booking.services import plan_sessions
from portal.db_types import utcnow
from portal.extensions import db
from portal.guide.models import Technique
from portal.localtime import centre_zone, day, local_today, staff_zone
from portal.notes.presenters import session_line
from portal.notes.services import notes_of_patient, sessions_without_note
from portal.outcomes.services import load_odi, summary_of_plan
from portal.pagination import page_number
from portal.phone import display_phone
from portal.programs.course_outcomes import course_outcomes, course_start, outcome_views
from portal.programs.drafts import DraftReview, review_draft
from portal.programs.models import PlanStatus, ProgramItem, ProgramTemplate
from portal.programs.presenters import item_card, item_caution
from portal.programs.progress import build_progress_from_days
from portal.programs.queries import (
    items_in_force,
    load_plans,
    load_psfs,
    patient_timezone,
    practice_days,
    schedule_of,
)
from portal.programs.services import create_plan, publish_version, screening_of, technique_facts
from portal.request_values import near
from portal.safety.models import SafetyFlag
from portal.safety.presenters import flag_view
from portal.safety.services import acknowledge_flag, flag_facts
from portal.safety.stops import stopped_techniques
from portal.therapist.access import get_treated_plan_or_404, get_visible_plan_or_404
from portal.therapist.dashboard import dashboard_page
from portal.therapist.forms import (
    AcknowledgeForm,
    PatientSearchForm,
    PlanForm,
    PlanStatusForm,
    ProgramForm,
    as_number,
)
from portal.therapist.program_editor import (
    EditorRow,
    add_row,
    attach_errors,
    fill_rows,
    starting_drafts,
    technique_choices,
    with_warnings,
)

blueprint = Blueprint("therapist", __name__, url_prefix="/therapist")
staff_only = roles_required(Role.THERAPIST, Role.ADMIN)
PATIENTS_PAGE_SIZE = 50


def staff_today():
    return local_today(staff_zone(current_user, current_app.config["DEFAULT_TIMEZONE"]))


@blueprint.get("/")
@staff_only
def dashboard():
    return render_template(
        "therapist/dashboard.html",
        listing=dashboard_page(current_user, staff_today(), request.args.get("page", 1, type=int)),
        search=PatientSearchForm(),
    )


@blueprint.get("/patients")
@staff_only
def patients():
    form = PatientSearchForm(request.args)
    query = visible_patients(current_user).order_by(User.name, User.id)
    term = (form.q.data or "").strip() if form.validate() else ""
    if term:
        query = query.where(patient_matches(term))
    page = page_of_visible_patients(
        query, page_number(request.args.get("page")), PATIENTS_PAGE_SIZE
    )
    return render_template(
        "therapist/patients.html", form=form, page=page, term=term, phone=display_phone
    )


@blueprint.get("/patients/<int:patient_id>")
@staff_only
def patient(patient_id: int):
    patient = get_visible_patient_or_404(current_user, patient_id)
    today = staff_today()
    plans = load_plans([patient.id])
    flags = db.session.scalars(
        select(SafetyFlag)
        .where(SafetyFlag.patient_id == patient.id)
        .order_by(SafetyFlag.is_open.desc(), SafetyFlag.raised_at.desc())  # open ones first
        .limit(20)
        .options(
            joinedload(SafetyFlag.item).joinedload(ProgramItem.technique),
            joinedload(SafetyFlag.acknowledged_by).lazyload(User.role_grants),
        )
    ).all()
    psfs = load_psfs(patient.id)
    # Summed per day by the database, as on /progress: a year of logs is never loaded.
    days = practice_days(patient.id, today - timedelta(days=366), today)
    timezone = patient_timezone(patient, plans)
    screening = screening_of(patient.id)
    notes = notes_of_patient(current_user, patient.id)
    if notes:
        record_read("treatment_notes_listed", patient.id)
    return render_template(
        "therapist/patient.html",
        notes=notes,
        to_write=[
            (appointment.id, session_line(appointment))
            for appointment in sessions_without_note(current_user, patient.id, utcnow())
        ],
        patient=patient,
        plans=plans,
        flags=[flag_view(flag, timezone, utcnow()) for flag in flags],
        cautions=_override_cautions(plans, screening, today),
        screening=screening,
        progress=build_progress_from_days([schedule_of(plan) for plan in plans], days, psfs, today),
        outcomes=outcome_views(
            course_outcomes(load_odi(patient.id), psfs, days, first=course_start(plans))
        ),
        acknowledge_form=AcknowledgeForm(),
    )


def _override_cautions(plans, screening, today) -> list[tuple[str, str]]:
    """(item title, caution) for each point in force that a therapist confirmed anyway."""
    answers = screening.answers() if screening else None
    return [
        (item.technique.title, caution)
        for plan in plans
        for item in items_in_force(plan, today)
        if (caution := item_caution(item, answers))
    ]


@blueprint.route("/patients/<int:patient_id>/plans/new", methods=["GET", "POST"])
@roles_required(Role.THERAPIST)
def new_plan(patient_id: int):
    patient = get_visible_patient_or_404(current_user, patient_id)
    form = PlanForm(today=staff_today())
    templates = db.session.scalars(select(ProgramTemplate).order_by(ProgramTemplate.name)).all()
    form.template.choices = [("", "Start with an empty program")] + [
        (str(template.id), template.name) for template in templates
    ]
    if form.validate_on_submit():
        plan = create_plan(
            patient=patient,
            therapist=current_user,
            condition=form.condition.data,
            goals=form.goals.data,
            sessions_planned=form.sessions_planned.data,
            session_frequency=form.session_frequency.data,
            start_date=form.start_date.data,
            end_date=form.end_date.data,
        )
        audit("plan_created", patient_id=patient.id, record=plan)
        flash("Plan created. Now set up the home program and publish it.", "success")
        return redirect(
            url_for("therapist.program", plan_id=plan.id, template=form.template.data or None)
        )
    return render_template(
        "therapist/plan_form.html", form=form, patient=patient
    ), 422 if form.errors else 200


@blueprint.get("/plans/<int:plan_id>")
@staff_only
def plan(plan_id: int):
    plan, cards = _plan_with_cards(plan_id)
    status_form = PlanStatusForm(status=plan.status.value)
    zone = centre_zone(plan.centre)
    sessions = [when(session.starts_at, zone) for session in plan_sessions(plan.id)]
    return render_template(
        "therapist/plan.html",
        plan=plan,
        current=cards,
        status_form=status_form,
        sessions=sessions,
        summary=summary_of_plan(plan.id),
        may_discharge=treats(current_user, plan.patient_id),
    )


@blueprint.route("/plans/<int:plan_id>/course", methods=["GET", "POST"])
@roles_required(Role.THERAPIST)
def book_course(plan_id: int):
    """Book the plan's in-clinic course at once (booking/course_page.py): for a patient the
    therapist treats."""
    plan = get_treated_plan_or_404(current_user, plan_id)
    return course_page(Course.of_plan(plan, url_for("therapist.plan", plan_id=plan.id)))


@blueprint.post("/plans/<int:plan_id>/status")
@roles_required(Role.THERAPIST)
def plan_status(plan_id: int):
    """Complete or cancel a plan (or reopen it); a finished plan drops off the patient's day."""
    plan = get_visible_plan_or_404(current_user, plan_id)
    form = PlanStatusForm()
    if form.validate_on_submit():
        plan.status = PlanStatus(form.status.data)
        audit("plan_status_changed", patient_id=plan.patient_id, record=plan,
              details=plan.status.value)  # fmt: skip
        flash(f"The plan is now {plan.status.value}.", "success")
    else:
        flash("Choose active, completed or cancelled.", "danger")
    return redirect(url_for("therapist.plan", plan_id=plan.id))


@blueprint.route("/plans/<int:plan_id>/program", methods=["GET", "POST"])
@roles_required(Role.THERAPIST)
def program(plan_id: int):
    """It works as plain forms: "Add to program" re-renders the draft with one more row,
    "Remove" ticks drop rows, and "Publish" checks the whole draft (doses, sides, safety)."""
    plan = get_visible_plan_or_404(current_user, plan_id)
    therapist, today = current_user, staff_today()
    techniques = {t.id: t for t in db.session.scalars(select(Technique))}
    screening = screening_of(plan.patient_id)
    answers = screening.answers() if screening else None
    form = ProgramForm()
    form.add_technique.choices = technique_choices(techniques.values())
    review = DraftReview()
    if not form.is_submitted():
        fill_rows(form, starting_drafts(plan, request.args.get("template", type=int)))
        form.effective_from.data = today
    elif form.validate():
        # Rebuild the rows: drops the ones ticked "Remove" (and any unknown technique).
        fill_rows(form, [d for d in form.drafts() if d.technique_id in techniques])
        if form.add.data:
            add_row(form, techniques)
        elif form.publish.data:
            review = review_draft(form.drafts(), technique_facts(techniques.values()), answers)
            effective = form.effective_from.data or today
            if effective < today:
                form.effective_from.errors.append("Choose today or a later date.")
            elif not near(effective, today):
                form.effective_from.errors.append("Choose a date within two years of today.")
            elif review.can_publish:
                version = publish_version(plan.home_program(), form.drafts(), effective, therapist)
                audit("program_published", patient_id=plan.patient_id, record=version)
                flash(f"Version {version.number} published from {day(effective)}.", "success")
                return redirect(url_for("therapist.plan", plan_id=plan.id))
            attach_errors(form, review)
    if answers is not None:
        review = with_warnings(form, techniques, answers, review)
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


@blueprint.get("/plans/<int:plan_id>/print")
@staff_only
def print_plan(plan_id: int):
    plan, cards = _plan_with_cards(plan_id)
    return render_template("programs/print.html", plans=[(plan, cards)], patient=plan.patient)


def _plan_with_cards(plan_id: int):
    """A plan the staff member may see, fully loaded, with the items in force today."""
    plan = get_visible_plan_or_404(current_user, plan_id)
    loaded = next((p for p in load_plans([plan.patient_id]) if p.id == plan.id), plan)
    screening = screening_of(plan.patient_id)
    answers = screening.answers() if screening else None
    return loaded, [item_card(item, answers) for item in items_in_force(loaded, staff_today())]


@blueprint.post("/flags/<int:flag_id>/acknowledge")
@staff_only
def acknowledge(flag_id: int):
    flag = db.session.get(SafetyFlag, flag_id)
    if flag is None:
        abort(404)
    patient = get_visible_patient_or_404(current_user, flag.patient_id)
    form = AcknowledgeForm()
    if not flag.is_open:
        flash("That flag was already acknowledged.", "info")
    elif form.validate_on_submit():
        acknowledge_flag(flag, current_user, form.note.data)
        audit("flag_acknowledged", patient_id=patient.id, record=flag)
        flash("Flag acknowledged.", "success")
    else:
        flash(form.note.errors[0] if form.note.errors else "Please try again.", "danger")
    return redirect(url_for("therapist.patient", patient_id=patient.id) + "#flags")
