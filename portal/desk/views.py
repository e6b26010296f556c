from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.accounts.roles import Role, roles_required
from portal.audit.services import audit
from portal.booking.presenters import when
from portal.booking.services import PatientBusy, SlotTaken
from portal.booking.views import BOOKING_FOR
from portal.contact.access import get_visible_callback_or_404, visible_callbacks
from portal.contact.models import CallbackRequest, CallbackStatus
from portal.contact.services import change_callback_status
from portal.contact.workflow import StatusChangeRefused
from portal.desk.forms import CallbackStatusForm
from portal.desk.presenters import present_inbox
from portal.extensions import db
from portal.home_visits.access import (
    get_visible_visit_request_or_404,
    list_visible_visit_requests,
    visible_visit_requests,
)
from portal.home_visits.forms import DeclineVisitForm, ScheduleVisitForm
from portal.home_visits.models import HomeVisitRequest, VisitRequestStatus
from portal.home_visits.services import decline_visit, schedule_visit, visit_slots
from portal.notifications.services import send_pending
from portal.therapist.access import (
    get_visible_patient_or_404,
    list_visible_patients,
    patient_matches,
    visible_patients,
)

blueprint = Blueprint("desk", __name__, url_prefix="/desk")


@blueprint.get("/")
@roles_required(Role.DESK, Role.ADMIN)
def inbox():
    status = _status_filter(request.args.get("status"))
    query = (
        visible_callbacks(current_user)
        .where(CallbackRequest.status == status)
        .options(
            selectinload(CallbackRequest.city), selectinload(CallbackRequest.status_changed_by)
        )
        .order_by(CallbackRequest.created_at)
    )
    callbacks = db.session.scalars(query).all()
    counts = _counts_by_status()
    return render_template(
        "desk/inbox.html",
        inbox=present_inbox(callbacks, status, counts),
        city=_desk_city_name(),
        status_form=CallbackStatusForm(),
    )


@blueprint.post("/callbacks/<int:callback_id>/status")
@roles_required(Role.DESK, Role.ADMIN)
def change_status(callback_id: int):
    callback = get_visible_callback_or_404(current_user, callback_id)
    form = CallbackStatusForm()
    if not form.validate_on_submit():
        flash("That change could not be made. Please try again.", "danger")
        return redirect(url_for("desk.inbox", status=callback.status.value))
    previous = callback.status
    try:
        change_callback_status(callback, CallbackStatus(form.status.data), current_user)
    except StatusChangeRefused as refusal:
        flash(str(refusal), "warning")
    else:
        flash(f"{callback.name}'s request is now marked {callback.status.value}.", "success")
    return redirect(url_for("desk.inbox", status=previous.value))


def _status_filter(raw: str | None) -> CallbackStatus:
    try:
        return CallbackStatus(raw) if raw else CallbackStatus.NEW
    except ValueError:
        return CallbackStatus.NEW


def _counts_by_status() -> dict[CallbackStatus, int]:
    visible = visible_callbacks(current_user).subquery()
    rows = db.session.execute(
        select(visible.c.status, func.count()).group_by(visible.c.status)
    ).all()
    return {CallbackStatus(status): count for status, count in rows}


def _desk_city_name() -> str | None:
    """The city a desk member works for; None for admins, who see every city."""
    profile = current_user.desk_profile
    if Role.ADMIN in current_user.roles or profile is None:
        return None
    return profile.city.name


@blueprint.get("/home-visits")
@roles_required(Role.DESK, Role.ADMIN)
def home_visits():
    status = request.args.get("status", VisitRequestStatus.NEW.value)
    if status not in {s.value for s in VisitRequestStatus}:
        status = VisitRequestStatus.NEW.value
    requests = list_visible_visit_requests(
        visible_visit_requests(current_user)
        .where(HomeVisitRequest.status == status)
        .options(selectinload(HomeVisitRequest.city))
        .order_by(HomeVisitRequest.created_at)
    )
    return render_template(
        "desk/home_visits.html", requests=requests, status=status, statuses=VisitRequestStatus
    )


@blueprint.get("/home-visits/<int:request_id>")
@roles_required(Role.DESK, Role.ADMIN)
def home_visit(request_id: int):
    visit = get_visible_visit_request_or_404(current_user, request_id)
    return _home_visit_page(visit, ScheduleVisitForm(), DeclineVisitForm())


@blueprint.post("/home-visits/<int:request_id>/schedule")
@roles_required(Role.DESK, Role.ADMIN)
def schedule_home_visit(request_id: int):
    visit = get_visible_visit_request_or_404(current_user, request_id)
    form = ScheduleVisitForm()
    slots = {slot.value: slot for slot in visit_slots(visit)}
    form.slot.choices = list(slots)
    if visit.status is not VisitRequestStatus.NEW:
        flash("This request has already been answered.", "info")
        return redirect(url_for("desk.home_visit", request_id=visit.id))
    if not form.validate_on_submit():
        flash("That time is not free any more. Choose another.", "warning")
        return _home_visit_page(visit, form, DeclineVisitForm(), status=409)
    chosen = slots[form.slot.data]
    try:
        schedule_visit(visit, chosen.therapist, chosen.starts_at, current_user)
        audit("home_visit_scheduled", patient_id=visit.appointment.patient_id, record=visit)
    except (SlotTaken, PatientBusy):
        flash("Sorry, that time was just taken. Choose another.", "warning")
        return _home_visit_page(visit, form, DeclineVisitForm(), status=409)
    send_pending()
    flash(f"Visit booked with {chosen.therapist.name}. {visit.name} has been told.", "success")
    return redirect(url_for("desk.home_visits"))


@blueprint.post("/home-visits/<int:request_id>/decline")
@roles_required(Role.DESK, Role.ADMIN)
def decline_home_visit(request_id: int):
    visit = get_visible_visit_request_or_404(current_user, request_id)
    form = DeclineVisitForm()
    if visit.status is not VisitRequestStatus.NEW:
        flash("This request has already been answered.", "info")
    elif form.validate_on_submit():
        decline_visit(visit, form.reason.data, current_user)
        audit("home_visit_declined", record=visit)
        send_pending()
        flash(f"Request declined. {visit.name} has been told.", "success")
        return redirect(url_for("desk.home_visits"))
    return _home_visit_page(visit, ScheduleVisitForm(), form, status=422)


def _home_visit_page(visit, schedule_form, decline_form, status=200):
    slots = visit_slots(visit) if visit.status is VisitRequestStatus.NEW else []
    timezone = visit.city.timezone
    return render_template(
        "desk/home_visit.html",
        visit=visit,
        slots=[
            (slot.value, f"{when(slot.starts_at, timezone)} · {slot.therapist.name}")
            for slot in slots
        ],  # fmt: skip
        schedule_form=schedule_form,
        decline_form=decline_form,
    ), status


@blueprint.get("/patients")
@roles_required(Role.DESK, Role.ADMIN)
def patients():
    """Find a patient to book for: by name, phone or email, among the city's patients."""
    term = (request.args.get("q") or "").strip()[:100]
    found = []
    if term:
        found = list_visible_patients(
            visible_patients(current_user)
            .where(patient_matches(term))
            .order_by(User.name)
            .limit(30)
        )
    return render_template("desk/patients.html", patients=found, term=term)


@blueprint.post("/patients/<int:patient_id>/book")
@roles_required(Role.DESK, Role.ADMIN)
def book_for(patient_id: int):
    patient = get_visible_patient_or_404(current_user, patient_id)
    session[BOOKING_FOR] = patient.id
    audit("patient_chosen_for_booking", patient_id=patient.id, record=patient)
    flash(f"Booking for {patient.name}: choose the centre, service and time.", "info")
    return redirect(url_for("booking.choose_centre"))


@blueprint.post("/patients/stop-booking")
@roles_required(Role.DESK, Role.ADMIN)
def stop_booking_for():
    session.pop(BOOKING_FOR, None)
    return redirect(url_for("desk.patients"))
