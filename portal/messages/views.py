"""Messages: a patient's threads (one per plan) and a therapist's inbox, each thread with a
reply form. Parse → check access (access.py; staff reads through the audited gate) → call a
service → render."""

from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role, roles_required
from portal.accounts.scope import page_shown
from portal.audit.services import audit
from portal.extensions import limiter
from portal.languages import N_, current_language
from portal.languages import gettext as _
from portal.localtime import centre_zone, staff_zone
from portal.messages.access import (
    THREADS_LISTED,
    inbox_threads,
    patient_thread_or_404,
    staff_thread_or_404,
)
from portal.messages.forms import MessageForm
from portal.messages.presenters import message_view, thread_line
from portal.messages.rules import Side, is_open
from portal.messages.services import (
    THREAD_LENGTH,
    mark_read,
    patient_plans,
    post_message,
    summaries,
    thread_messages,
)
from portal.pagination import page_number
from portal.programs.models import TreatmentPlan
from portal.programs.queries import patient_timezone

blueprint = Blueprint("messages", __name__)
INBOX_PAGE_SIZE = 25
# Against floods (a stuck key, a script): far above what a person types.
SENDING_LIMIT = "10 per minute; 60 per day"
CLOSED = N_(
    "This plan has ended, so its messages are closed. To reach your therapist, call your "
    "centre or book an appointment."
)


def _sender_key() -> str:
    return f"messages:{current_user.get_id() or request.remote_addr}"


def _default_zone():
    return current_app.config["DEFAULT_TIMEZONE"]


@blueprint.get("/messages")
@roles_required(Role.PATIENT)
def patient_threads():
    plans = patient_plans(current_user)
    zone = ZoneInfo(patient_timezone(current_user, plans))
    lines = [
        thread_line(summary, current_user, summary.plan.therapist.name, zone, current_language())
        for summary in summaries(plans, Side.PATIENT)
    ]
    return render_template("messages/patient_threads.html", threads=lines)


@blueprint.route("/messages/<int:plan_id>", methods=["GET", "POST"])
@limiter.limit(SENDING_LIMIT, methods=["POST"], key_func=_sender_key)
@roles_required(Role.PATIENT)
def patient_thread(plan_id: int):
    plan = patient_thread_or_404(current_user, plan_id)
    return _thread(plan, Side.PATIENT, "messages.patient_thread")


@blueprint.get("/therapist/messages")
@roles_required(Role.THERAPIST)
def inbox():
    page = page_shown(
        inbox_threads(current_user),
        page_number(request.args.get("page")),
        INBOX_PAGE_SIZE,
        THREADS_LISTED,
        lambda plan: plan.patient_id,
    )
    zone = staff_zone(current_user, _default_zone())
    lines = [
        thread_line(summary, current_user, summary.plan.patient.name, zone)
        for summary in summaries(page.items, Side.CARE_TEAM)
    ]
    return render_template("messages/inbox.html", page=page, threads=lines)


@blueprint.route("/therapist/messages/<int:plan_id>", methods=["GET", "POST"])
@limiter.limit(SENDING_LIMIT, methods=["POST"], key_func=_sender_key)
@roles_required(Role.THERAPIST)
def staff_thread(plan_id: int):
    plan = staff_thread_or_404(current_user, plan_id)
    return _thread(plan, Side.CARE_TEAM, "messages.staff_thread")


def _thread(plan: TreatmentPlan, reader: Side, endpoint: str):
    form = MessageForm()
    open_ = is_open(plan.status)
    if request.method == "POST":
        if not open_:
            flash(_(CLOSED), "warning")
            return redirect(url_for(endpoint, plan_id=plan.id))
        if form.validate_on_submit():
            message = post_message(plan, current_user, form.body.data)
            if reader is Side.CARE_TEAM:
                audit("message_sent", patient_id=plan.patient_id, record=message)
            flash(_("Message sent."), "success")
            return redirect(url_for(endpoint, plan_id=plan.id, _anchor="reply"))
    messages = thread_messages(plan)
    zone = centre_zone(plan.centre)
    language = current_language()
    shown = [message_view(message, current_user, reader, zone, language) for message in messages]
    if request.method == "GET":
        mark_read(plan, reader, messages)
    return render_template(
        "messages/thread.html",
        plan=plan,
        messages=shown,
        capped=len(messages) == THREAD_LENGTH,
        form=form,
        open=open_,
        closed_text=_(CLOSED),
        patient_view=reader is Side.PATIENT,
        centre=plan.centre,
    ), 422 if form.errors else 200
