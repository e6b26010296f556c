"""Patients book, move and cancel their consultations; the desk books for a patient."""

from datetime import UTC, datetime, timedelta

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from portal.accounts.roles import Role, link_may_lead_in, roles_required
from portal.accounts.scope import get_visible_patient_or_404
from portal.audit.services import audit
from portal.booking.availability import available_slots, slot_step, therapists_at
from portal.booking.booking_for import BOOKING_FOR
from portal.booking.extras import texts_for
from portal.booking.models import (
    Appointment,
    AppointmentStatus,
)
from portal.booking.policy import patient_may_change
from portal.booking.presenters import (
    AppointmentRow,
    appointment_row,
    day_strip,
    group_by_part_of_day,
    nearest,
    slot_value,
    when,
)
from portal.booking.services import (
    BookingRequest,
    PatientBusy,
    SlotTaken,
    book,
    cancel,
    cancel_rest_of_series,
    cities_with_bookable_centres,
    outpatient_services,
    patient_appointments,
    rest_of_series,
)
from portal.booking.services import reschedule as move
from portal.booking.views.blueprint import blueprint
from portal.booking.views.common import (
    DAYS_SHOWN,
    _centre_or_404,
    _outpatient_service_or_404,
    _param,
    _therapist_ids,
    may_book_at,
)
from portal.booking.views.waitlist import WAITLIST_ROLES
from portal.booking.waitlist import waiting_entries
from portal.db_types import utcnow
from portal.extensions import db
from portal.languages import current_language, ngettext
from portal.languages import gettext as _
from portal.localtime import centre_zone, clock, local_today, to_local
from portal.request_values import near, parse_date, parse_id


def _own_appointment_or_404(appointment_id: int) -> Appointment:
    """The signed-in patient's own appointment; anyone else's (or none) is not found."""
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None or appointment.patient_id != current_user.id:
        abort(404)
    return appointment


def _appointment_to_move() -> Appointment | None:
    """The patient's own appointment this booking moves (?reschedule=), if any; staff book
    new appointments only."""
    appointment_id = _reschedule_arg()
    if appointment_id is None or Role.PATIENT not in current_user.roles:
        return None
    return _own_appointment_or_404(appointment_id)


@blueprint.get("/book")
def choose_centre():
    """Centres where someone can be booked online: a therapist works there."""
    listing = [
        (city, [c for c in centres if may_book_at(c)])
        for city, centres in cities_with_bookable_centres()
    ]
    return render_template(
        "booking/centres.html",
        cities=[(city, centres) for city, centres in listing if centres],
        reschedule=_reschedule_arg(),
    )


@blueprint.get("/book/<centre_slug>/")
def choose_service(centre_slug: str):
    centre = _centre_or_404(centre_slug)
    services = outpatient_services()
    return render_template(
        "booking/service.html",
        centre=centre,
        services=services,
        therapists=therapists_at(centre),
        reschedule=_reschedule_arg(),
    )


@blueprint.get("/book/<centre_slug>/<service_slug>/")
def choose_time(centre_slug: str, service_slug: str):
    centre = _centre_or_404(centre_slug)
    service = _outpatient_service_or_404(service_slug)
    choice = request.args.get("therapist", "any")
    therapist_ids = _therapist_ids(centre, choice)
    zone = centre_zone(centre)
    today = local_today(zone)
    reschedule_id = _reschedule_arg()
    step = slot_step(
        centre=centre, service=service, therapist_ids=therapist_ids, first_day=today,
        days=DAYS_SHOWN, wanted=parse_date(request.args.get("day"), today), now=utcnow(),
        ignore_appointment_id=reschedule_id,
    )  # fmt: skip
    return render_template(
        "booking/time.html",
        centre=centre,
        service=service,
        choice=choice,
        day=step.day,
        days=day_strip(today, DAYS_SHOWN, step.open_days),
        groups=group_by_part_of_day(step.slots, zone, current_language()),
        reschedule=reschedule_id,
        offer_waitlist=link_may_lead_in(*WAITLIST_ROLES),
    )


@blueprint.route("/book/<centre_slug>/<service_slug>/confirm", methods=["GET", "POST"])
@roles_required(Role.PATIENT, Role.DESK, Role.ADMIN)
def confirm(centre_slug: str, service_slug: str):
    centre = _centre_or_404(centre_slug)
    service = _outpatient_service_or_404(service_slug)
    choice = _param("therapist") or "any"
    therapist_ids = _therapist_ids(centre, choice)
    starts_at = _instant(_param("start"))
    patient = booking_patient()
    if patient is None:
        flash("Choose the patient you are booking for first.", "info")  # the desk: English
        return redirect(url_for("desk.patients"))
    moving = _appointment_to_move()
    if moving is not None and not patient_may_change(moving.starts_at, utcnow()):
        flash(
            _("It is too late to move this appointment online. Please call the centre."), "warning"
        )
        return redirect(url_for("booking.appointments"))
    summary = {
        "centre": centre,
        "service": service,
        "when": when(starts_at, centre_zone(centre), current_language()) if starts_at else None,
        "choice": choice,
        "start": _param("start"),
        "reschedule": moving.id if moving else None,
        "patient": patient,
        "changeable_online": starts_at is None or patient_may_change(starts_at, utcnow()),
    }
    if request.method == "GET" or starts_at is None:
        return render_template("booking/confirm.html", **summary), 200 if starts_at else 404
    booking = BookingRequest(patient, centre, service, starts_at, therapist_ids)
    try:
        appointment = move(moving, booking) if moving else book(booking)
    except PatientBusy:
        return _taken(summary, booking, _("There is already an appointment for you at that time."))
    except SlotTaken:
        return _taken(summary, booking, _("Sorry, that time was just taken."))
    if patient.id != current_user.id:
        audit("booked_for_patient", patient_id=patient.id, record=appointment)
        session.pop(BOOKING_FOR, None)
        flash(f"Booked for {patient.name}; they have been emailed.", "success")
        day = to_local(appointment.starts_at, centre_zone(centre)).date()
        return redirect(url_for("booking.staff_schedule", day=day.isoformat()))
    flash(
        _("Your appointment is moved.") if moving else _("Your appointment is booked."), "success"
    )
    return redirect(url_for("booking.appointments", booked=appointment.id))


def booking_patient():
    """Whom this booking is for: the patient themself, or the patient the desk chose."""
    if Role.DESK not in current_user.roles and Role.ADMIN not in current_user.roles:
        return current_user
    patient_id = session.get(BOOKING_FOR)
    return get_visible_patient_or_404(current_user, patient_id) if patient_id else None


def _taken(summary: dict, booking: BookingRequest, message: str):
    """The loser of a race: a clear message and the nearest free times, never an error."""
    zone, language = centre_zone(booking.centre), current_language()
    day = to_local(booking.starts_at, zone).date()
    slots = available_slots(
        centre=booking.centre, service=booking.service, therapist_ids=booking.therapist_ids,
        first_day=day, last_day=day + timedelta(days=2), now=utcnow(),
    )  # fmt: skip
    alternatives = [
        (slot_value(start), clock(to_local(start, zone), language=language)
         if to_local(start, zone).date() == day else when(start, zone, language))
        for start in nearest(slots, booking.starts_at)
    ]  # fmt: skip
    return render_template(
        "booking/confirm.html", **summary, taken=message, alternatives=alternatives
    ), 409


@blueprint.get("/appointments")
@roles_required(Role.PATIENT)
def appointments():
    rows = patient_appointments(current_user.id)
    now, language = utcnow(), current_language()
    upcoming: list[AppointmentRow] = []
    past: list[AppointmentRow] = []
    for appointment in rows:
        ahead = appointment.status is AppointmentStatus.BOOKED and appointment.starts_at >= now
        (upcoming if ahead else past).append(appointment_row(appointment, now, language))
    past.reverse()
    waiting = waiting_entries(current_user.id, local_today(current_app.config["DEFAULT_TIMEZONE"]))
    return render_template(
        "booking/appointments.html", upcoming=upcoming, past=past, waiting=waiting,
        shared=texts_for([row.id for row in past]),
    )  # fmt: skip


@blueprint.get("/appointments/<int:appointment_id>/cancel")
@roles_required(Role.PATIENT)
def confirm_cancel(appointment_id: int):
    """Cancelling asks once more: one slip of a thumb should not lose an appointment. A
    session of a course may go alone, or with the rest of the course."""
    appointment = _own_appointment_or_404(appointment_id)
    rest = len(rest_of_series(appointment)) if appointment.series_id else 0
    return render_template(
        "booking/cancel.html",
        row=appointment_row(appointment, utcnow(), current_language()),
        rest=rest,
    )


@blueprint.post("/appointments/<int:appointment_id>/cancel")
@roles_required(Role.PATIENT)
def cancel_appointment(appointment_id: int):
    appointment = _own_appointment_or_404(appointment_id)
    if appointment.status is not AppointmentStatus.BOOKED:
        flash(_("That appointment is not booked any more."), "info")
    elif not patient_may_change(appointment.starts_at, utcnow()):
        flash(_("It is too late to cancel online. Please call the centre."), "warning")
    elif request.form.get("rest") and appointment.series_id:
        count = cancel_rest_of_series(appointment)
        flash(
            ngettext(
                "%(num)d session of your course is cancelled.",
                "%(num)d sessions of your course are cancelled.",
                count,
            ),
            "success",
        )
    elif cancel(appointment):
        flash(_("Your appointment is cancelled."), "success")
    else:
        flash(_("That appointment is not booked any more."), "info")
    return redirect(url_for("booking.appointments"))


@blueprint.get("/appointments/<int:appointment_id>/reschedule")
@roles_required(Role.PATIENT)
def reschedule(appointment_id: int):
    appointment = _own_appointment_or_404(appointment_id)
    if not patient_may_change(appointment.starts_at, utcnow()):
        flash(_("This appointment cannot be moved online. Please call the centre."), "warning")
        return redirect(url_for("booking.appointments"))
    return redirect(
        url_for(
            "booking.choose_time",
            centre_slug=appointment.centre.slug,
            service_slug=appointment.service.slug,
            therapist=appointment.therapist_id,
            reschedule=appointment.id,
        )
    )


def _reschedule_arg() -> int | None:
    return parse_id(_param("reschedule"))


def _instant(raw: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(raw or "")
        if moment.tzinfo is None or not near(moment.date(), utcnow().date()):
            return None
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
