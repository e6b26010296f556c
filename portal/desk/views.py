from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.accounts.roles import Role, roles_required
from portal.accounts.scope import (
    get_visible_patient_or_404,
    in_staff_city,
    page_of_visible_patients,
    patient_matches,
    visible_patient,
    visible_patients,
)
from portal.accounts.services import has_real_email
from portal.audit.services import audit
from portal.booking.access import get_visible_appointment_or_404
from portal.booking.booking_for import BOOKING_FOR
from portal.booking.course_page import Course, course_page
from portal.booking.models import Appointment
from portal.booking.services import (
    BookingRequest,
    PatientBusy,
    SlotTaken,
    cancel,
    cancel_rest_of_series,
    reschedule,
    rest_of_series,
)
from portal.centres.models import Centre
from portal.contact.access import get_visible_callback_or_404
from portal.contact.models import CallbackStatus
from portal.contact.services import change_callback_status
from portal.contact.workflow import StatusChangeRefused
from portal.db_types import utcnow
from portal.desk.access import active_plans_of, get_city_plan_or_404
from portal.desk.forms import CallbackStatusForm, DeskCancelForm, DeskMoveForm, NewPatientForm
from portal.desk.inbox import counts_by_status, inbox_page
from portal.desk.presenters import (
    present_desk_appointment,
    present_inbox,
    present_patient_choice,
)
from portal.desk.services import (
    Duplicate,
    find_duplicate,
    move_choices,
    parse_move_choice,
    register_phoned_patient,
)
from portal.extensions import db
from portal.home_visits.access import (
    get_visible_visit_request_or_404,
    list_visible_visit_requests,
    visible_visit_requests,
)
from portal.home_visits.forms import DeclineVisitForm, ScheduleVisitForm
from portal.home_visits.models import HomeVisitRequest, VisitRequestStatus
from portal.home_visits.services import decline_visit, schedule_visit, visit_slots
from portal.localtime import centre_zone, day_and_clock, local_today, to_local
from portal.pagination import Page, page_number
from portal.phone import display_phone
from portal.request_values import parse_date

blueprint = Blueprint("desk", __name__, url_prefix="/desk")
INBOX_PAGE_SIZE = 25
VISIT_REQUESTS_PAGE_SIZE = 25
PATIENTS_PAGE_SIZE = 30


@blueprint.get("/")
@roles_required(Role.DESK, Role.ADMIN)
def inbox():
    status = _status_filter(request.args.get("status"))
    page = inbox_page(current_user, status, page_number(request.args.get("page")), INBOX_PAGE_SIZE)
    counts = counts_by_status(current_user)
    return render_template(
        "desk/inbox.html",
        inbox=present_inbox(page.items, status, counts),
        page=page,
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
    page = list_visible_visit_requests(
        visible_visit_requests(current_user)
        .where(HomeVisitRequest.status == status)
        .options(selectinload(HomeVisitRequest.city))
        .order_by(HomeVisitRequest.created_at, HomeVisitRequest.id),
        page_number(request.args.get("page")),
        VISIT_REQUESTS_PAGE_SIZE,
    )
    return render_template(
        "desk/home_visits.html", page=page, status=status, statuses=VisitRequestStatus
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
        booked = schedule_visit(visit, chosen.therapist, chosen.starts_at, current_user)
        audit("home_visit_scheduled", patient_id=booked.patient_id, record=visit)
    except (SlotTaken, PatientBusy):
        flash("Sorry, that time was just taken. Choose another.", "warning")
        return _home_visit_page(visit, form, DeclineVisitForm(), status=409)
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
            (
                slot.value,
                f"{day_and_clock(slot.starts_at, timezone, year=False)} · {slot.therapist.name}",
            )
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
    page: Page[User] = Page(items=[], number=1, has_next=False)
    if term:
        page = page_of_visible_patients(
            visible_patients(current_user)
            .where(patient_matches(term))
            .order_by(User.name, User.id),
            page_number(request.args.get("page")),
            PATIENTS_PAGE_SIZE,
        )
    plans = active_plans_of(current_user, [patient.id for patient in page.items])
    choices = [present_patient_choice(patient, plans.get(patient.id, [])) for patient in page.items]
    return render_template("desk/patients.html", patients=choices, page=page, term=term)


@blueprint.route("/plans/<int:plan_id>/course", methods=["GET", "POST"])
@roles_required(Role.DESK, Role.ADMIN)
def book_course(plan_id: int):
    """Book a plan's in-clinic course at once (booking/course_page.py), for a plan at a centre
    of the desk's city."""
    plan = get_city_plan_or_404(current_user, plan_id)
    back = url_for("desk.patients", q=plan.patient.name)
    return course_page(Course.of_plan(plan, back))


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


@blueprint.route("/patients/new", methods=["GET", "POST"])
@roles_required(Role.DESK, Role.ADMIN)
def new_patient():
    """Register someone who phoned, then book for them; an existing account is pointed out."""
    form = NewPatientForm()
    centres = {str(centre.id): centre for centre in db.session.scalars(_desk_centres())}
    form.centre.choices = [(value, centre.name) for value, centre in centres.items()]
    duplicate = None
    if form.validate_on_submit():
        duplicate = find_duplicate(form.phone.e164, form.email.data)
        if duplicate is None:
            return _register_and_book(form, centres[form.centre.data])
        form[duplicate.field].errors.append(_duplicate_message(duplicate))
    shown = duplicate.patient if duplicate and _visible(duplicate.patient) else None
    status = 422 if form.is_submitted() else 200
    return render_template("desk/new_patient.html", form=form, duplicate=shown), status


def _register_and_book(form: NewPatientForm, centre: Centre):
    patient = register_phoned_patient(form.name.data, form.phone.e164, form.email.data, centre)
    audit("patient_registered_by_desk", patient_id=patient.id, record=patient)
    session[BOOKING_FOR] = patient.id
    flash(f"{patient.name} is registered. Book for them: choose the service.", "success")
    return redirect(url_for("booking.choose_service", centre_slug=centre.slug))


def _desk_centres():
    query = select(Centre).order_by(Centre.name)
    return in_staff_city(query, Centre.city_id, current_user)


def _visible(patient: User) -> bool:
    """May this person see the patient (their name is then shown, so the read is audited)?"""
    return visible_patient(current_user, patient.id) is not None


def _duplicate_message(duplicate: Duplicate) -> str:
    what = "phone number" if duplicate.field == "phone" else "email"
    if _visible(duplicate.patient):
        return (
            f"{duplicate.patient.name} is already registered with this {what}: book for them below."
        )
    return f"An account with this {what} exists already, outside your city. Ask an admin."


@blueprint.get("/appointments/<int:appointment_id>")
@roles_required(Role.DESK, Role.ADMIN)
def appointment(appointment_id: int):
    """Move or cancel an appointment for the patient, also inside the 12 h cut-off."""
    booked = get_visible_appointment_or_404(current_user, appointment_id)
    return _appointment_page(booked, DeskMoveForm(prefix="move"), DeskCancelForm(prefix="cancel"))


@blueprint.post("/appointments/<int:appointment_id>/cancel")
@roles_required(Role.DESK, Role.ADMIN)
def cancel_appointment(appointment_id: int):
    booked = get_visible_appointment_or_404(current_user, appointment_id)
    form = DeskCancelForm(prefix="cancel")
    if not _changeable(booked):
        flash("This appointment is not booked ahead any more: nothing was changed.", "info")
    elif not form.validate_on_submit():
        return _appointment_page(booked, DeskMoveForm(prefix="move"), form, status=422)
    elif request.form.get("rest") and booked.series_id:
        count = cancel_rest_of_series(booked, reason=form.reason.data.strip())
        audit("course_cancelled_by_desk", patient_id=booked.patient_id, record=booked,
              details=f"{count} sessions: {form.reason.data.strip()}")  # fmt: skip
        flash(f"Cancelled {count} sessions. {_how_patient_hears(booked.patient)}", "success")
    elif cancel(booked, reason=form.reason.data.strip()):
        audit("appointment_cancelled_by_desk", patient_id=booked.patient_id, record=booked,
              details=form.reason.data.strip())  # fmt: skip
        flash(f"Cancelled. {_how_patient_hears(booked.patient)}", "success")
    else:
        flash("It was cancelled already: nothing more was sent.", "info")
    return redirect(_schedule_of(booked))


@blueprint.post("/appointments/<int:appointment_id>/move")
@roles_required(Role.DESK, Role.ADMIN)
def move_appointment(appointment_id: int):
    booked = get_visible_appointment_or_404(current_user, appointment_id)
    form = DeskMoveForm(prefix="move")
    if not _changeable(booked):
        flash("This appointment is not booked ahead any more: nothing was changed.", "info")
        return redirect(_schedule_of(booked))
    day = _move_day(booked)
    form.slot.choices = move_choices(booked, day)
    if not form.validate_on_submit():
        return _appointment_page(booked, form, DeskCancelForm(prefix="cancel"), status=422)
    therapist_id, starts_at = parse_move_choice(form.slot.data)
    request_ = BookingRequest(booked.patient, booked.centre, booked.service, starts_at,
                              [therapist_id], home_address=booked.home_address)  # fmt: skip
    try:
        reschedule(booked, request_, reason=form.reason.data.strip())
    except (SlotTaken, PatientBusy):
        form.slot.errors.append("That time was just taken, or the patient is busy then.")
        form.slot.choices = move_choices(booked, day)
        return _appointment_page(booked, form, DeskCancelForm(prefix="cancel"), status=409)
    audit("appointment_moved_by_desk", patient_id=booked.patient_id, record=booked,
          details=form.reason.data.strip())  # fmt: skip
    flash(f"Moved to {day_and_clock(booked.starts_at, centre_zone(booked.centre), year=False)}. "
          f"{_how_patient_hears(booked.patient)}", "success")  # fmt: skip
    return redirect(_schedule_of(booked))


def _changeable(booked: Appointment) -> bool:
    return present_desk_appointment(booked, utcnow()).changeable


def _appointment_page(booked: Appointment, move_form, cancel_form, status=200):
    day = _move_day(booked)
    if not move_form.slot.choices:
        move_form.slot.choices = move_choices(booked, day)
    return render_template(
        "desk/appointment.html",
        row=present_desk_appointment(booked, utcnow()),
        day=day,
        first_day=local_today(centre_zone(booked.centre)),
        move_form=move_form,
        cancel_form=cancel_form,
        rest=len(rest_of_series(booked)) if booked.series_id else 0,
    ), status


def _move_day(booked: Appointment):
    """The day whose free times the move form lists: ?day=, else the appointment's own."""
    zone = centre_zone(booked.centre)
    today = local_today(zone)
    own_day = max(to_local(booked.starts_at, zone).date(), today)
    chosen = parse_date(request.values.get("day"), today) or own_day
    return chosen if chosen >= today else today


def _zone_name(booked: Appointment) -> str:
    return booked.centre.city.timezone


def _schedule_of(booked: Appointment) -> str:
    day = to_local(booked.starts_at, centre_zone(booked.centre)).date()
    return url_for("booking.staff_schedule", day=day.isoformat())


def _how_patient_hears(patient: User) -> str:
    if has_real_email(patient):
        return f"{patient.name} has been emailed."
    return f"{patient.name} has no email: please phone them on {display_phone(patient.phone)}."
