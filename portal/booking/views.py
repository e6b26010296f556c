from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
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
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.roles import Role, link_may_lead_in, roles_required
from portal.audit.services import audit
from portal.booking.availability import (
    available_slots,
    slot_step,
    therapist_ids_at,
    therapists_at,
)
from portal.booking.models import (
    Appointment,
    AppointmentStatus,
    Service,
    ServiceKind,
    WaitlistEntry,
    WorkingHours,
)
from portal.booking.policy import patient_may_change
from portal.booking.presenters import (
    appointment_row,
    clock,
    day_strip,
    group_by_part_of_day,
    nearest,
    slot_value,
    when,
)
from portal.booking.schedule import ScheduleFilter, get_visible_appointment_or_404, schedule
from portal.booking.services import BookingRequest, PatientBusy, SlotTaken, book, cancel
from portal.booking.services import reschedule as move
from portal.centres.models import Centre, City
from portal.db_types import utcnow
from portal.extensions import db
from portal.pagination import page_number
from portal.programs.queries import local_date
from portal.request_values import near, parse_date, parse_id
from portal.therapist.access import get_visible_patient_or_404

blueprint = Blueprint("booking", __name__)
DAYS_SHOWN = 14


def _centre_or_404(slug: str) -> Centre:
    centre = db.session.scalar(
        select(Centre).where(Centre.slug == slug).options(joinedload(Centre.city))
    )
    if centre is None or not may_book_at(centre):
        abort(404)
    return centre


def may_book_at(centre: Centre) -> bool:
    """A centre with online booking off is not offered online; its desk (or an admin) still
    books there for someone who phones."""
    staff = current_user.is_authenticated and not current_user.roles.isdisjoint(
        {Role.DESK, Role.ADMIN}
    )
    return centre.online_booking or staff


def _outpatient_service_or_404(slug: str) -> Service:
    service = db.session.scalar(
        select(Service).where(
            Service.slug == slug, Service.kind == ServiceKind.OUTPATIENT, Service.active
        )
    )
    return service or abort(404)


def _therapist_ids(centre: Centre, choice: str | None) -> list[int]:
    """The therapists a choice stands for: one of the centre's, or all for "any"."""
    ids = therapist_ids_at(centre)
    if choice in (None, "", "any"):
        return ids
    if not choice.isdigit() or int(choice) not in ids:
        abort(404)
    return [int(choice)]


def _own_appointment_or_404(appointment_id: int | None) -> Appointment | None:
    if appointment_id is None or Role.PATIENT not in current_user.roles:
        return None
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None or appointment.patient_id != current_user.id:
        abort(404)
    return appointment


@blueprint.get("/book")
def choose_centre():
    """Centres where someone can be booked online: a therapist works there."""
    bookable = set(db.session.scalars(select(WorkingHours.centre_id).distinct()))
    cities = db.session.scalars(
        select(City).options(selectinload(City.centres)).order_by(City.name)
    ).all()
    listing = [
        (city, [c for c in city.centres if c.id in bookable and may_book_at(c)]) for city in cities
    ]
    return render_template(
        "booking/centres.html",
        cities=[(city, centres) for city, centres in listing if centres],
        reschedule=_reschedule_arg(),
    )


@blueprint.get("/book/<centre_slug>/")
def choose_service(centre_slug: str):
    centre = _centre_or_404(centre_slug)
    services = db.session.scalars(
        select(Service)
        .where(Service.kind == ServiceKind.OUTPATIENT, Service.active)
        .order_by(Service.duration_minutes.desc())
    ).all()
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
    today = local_date(centre.city.timezone)
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
        groups=group_by_part_of_day(step.slots, centre.city.timezone),
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
        flash("Choose the patient you are booking for first.", "info")
        return redirect(url_for("desk.patients"))
    moving = _own_appointment_or_404(_reschedule_arg())
    if moving is not None and not patient_may_change(moving.starts_at, utcnow()):
        flash("It is too late to move this appointment online. Please call the centre.", "warning")
        return redirect(url_for("booking.appointments"))
    summary = {
        "centre": centre,
        "service": service,
        "when": when(starts_at, centre.city.timezone) if starts_at else None,
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
        return _taken(summary, booking, "There is already an appointment for you at that time.")
    except SlotTaken:
        return _taken(summary, booking, "Sorry, that time was just taken.")
    if patient.id != current_user.id:
        audit("booked_for_patient", patient_id=patient.id, record=appointment)
        session.pop(BOOKING_FOR, None)
        flash(f"Booked for {patient.name}; they have been emailed.", "success")
        day = appointment.starts_at.astimezone(ZoneInfo(centre.city.timezone)).date()
        return redirect(url_for("booking.staff_schedule", day=day.isoformat()))
    flash("Your appointment is moved." if moving else "Your appointment is booked.", "success")
    return redirect(url_for("booking.appointments", booked=appointment.id))


BOOKING_FOR = "booking_for_patient"


def booking_patient():
    """Whom this booking is for: the patient themself, or the patient the desk chose."""
    if Role.DESK not in current_user.roles and Role.ADMIN not in current_user.roles:
        return current_user
    patient_id = session.get(BOOKING_FOR)
    return get_visible_patient_or_404(current_user, patient_id) if patient_id else None


def _taken(summary: dict, booking: BookingRequest, message: str):
    """The loser of a race: a clear message and the nearest free times, never an error."""
    day = booking.starts_at.astimezone(ZoneInfo(booking.centre.city.timezone)).date()
    slots = available_slots(
        centre=booking.centre, service=booking.service, therapist_ids=booking.therapist_ids,
        first_day=day, last_day=day + timedelta(days=2), now=utcnow(),
    )  # fmt: skip
    zone = ZoneInfo(booking.centre.city.timezone)
    alternatives = [
        (slot_value(start), clock(start.astimezone(zone)) if start.astimezone(zone).date() == day
         else when(start, booking.centre.city.timezone))
        for start in nearest(slots, booking.starts_at)
    ]  # fmt: skip
    return render_template(
        "booking/confirm.html", **summary, taken=message, alternatives=alternatives
    ), 409


@blueprint.get("/appointments")
@roles_required(Role.PATIENT)
def appointments():
    rows = db.session.scalars(
        select(Appointment)
        .where(Appointment.patient_id == current_user.id)
        .options(
            selectinload(Appointment.centre).selectinload(Centre.city),
            selectinload(Appointment.service),
            selectinload(Appointment.therapist),
        )
        .order_by(Appointment.starts_at)
    ).all()
    now = utcnow()
    upcoming, past = [], []
    for appointment in rows:
        ahead = appointment.status is AppointmentStatus.BOOKED and appointment.starts_at >= now
        (upcoming if ahead else past).append(appointment_row(appointment, now))
    past.reverse()
    waiting = db.session.scalars(
        select(WaitlistEntry)
        .where(WaitlistEntry.patient_id == current_user.id, WaitlistEntry.left_at.is_(None),
               WaitlistEntry.latest_date >= local_date(current_app.config["DEFAULT_TIMEZONE"]))
        .options(selectinload(WaitlistEntry.centre), selectinload(WaitlistEntry.service))
    ).all()  # fmt: skip
    return render_template(
        "booking/appointments.html", upcoming=upcoming, past=past, waiting=waiting
    )


@blueprint.get("/appointments/<int:appointment_id>/cancel")
@roles_required(Role.PATIENT)
def confirm_cancel(appointment_id: int):
    """Cancelling asks once more: one slip of a thumb should not lose an appointment."""
    appointment = _own_appointment_or_404(appointment_id)
    return render_template("booking/cancel.html", row=appointment_row(appointment, utcnow()))


@blueprint.post("/appointments/<int:appointment_id>/cancel")
@roles_required(Role.PATIENT)
def cancel_appointment(appointment_id: int):
    appointment = _own_appointment_or_404(appointment_id)
    if appointment.status is not AppointmentStatus.BOOKED:
        flash("That appointment is not booked any more.", "info")
    elif not patient_may_change(appointment.starts_at, utcnow()):
        flash("It is too late to cancel online. Please call the centre.", "warning")
    elif cancel(appointment):
        flash("Your appointment is cancelled.", "success")
    else:
        flash("That appointment is not booked any more.", "info")
    return redirect(url_for("booking.appointments"))


@blueprint.get("/appointments/<int:appointment_id>/reschedule")
@roles_required(Role.PATIENT)
def reschedule(appointment_id: int):
    appointment = _own_appointment_or_404(appointment_id)
    if appointment.centre is None or not patient_may_change(appointment.starts_at, utcnow()):
        flash("This appointment cannot be moved online. Please call the centre.", "warning")
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


def _param(name: str) -> str | None:
    """A value from the posted form, else from the URL (the slot links carry it there)."""
    return request.form.get(name) or request.args.get(name)


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


@blueprint.get("/schedule")
@roles_required(Role.DESK, Role.THERAPIST, Role.ADMIN)
def staff_schedule():
    """Desk: the city's appointments per therapist; therapists: their own; day or week."""
    timezone = _staff_timezone()
    today = local_date(timezone)
    week = request.args.get("view") == "week"
    day = _schedule_day(request.args.get("day"), today)
    first = day - timedelta(days=day.weekday()) if week else day
    narrow, page = ScheduleFilter.from_args(request.args), page_number(request.args.get("page"))
    shown = schedule(current_user, first, 7 if week else 1, timezone, utcnow(), narrow, page,
                     details=not week)  # fmt: skip
    return render_template(
        "booking/schedule.html",
        schedule=shown,
        days=shown.days,
        day=day,
        week=week,
        previous=first - timedelta(days=7 if week else 1),
        following=first + timedelta(days=7 if week else 1),
        may_mark=Role.DESK in current_user.roles or Role.ADMIN in current_user.roles,
        show_patient_links=Role.THERAPIST in current_user.roles or Role.ADMIN in current_user.roles,
    )


@blueprint.post("/schedule/appointments/<int:appointment_id>/outcome")
@roles_required(Role.DESK, Role.ADMIN)
def record_outcome(appointment_id: int):
    appointment = get_visible_appointment_or_404(current_user, appointment_id)
    outcome = request.form.get("outcome")
    if outcome not in (AppointmentStatus.COMPLETED.value, AppointmentStatus.NO_SHOW.value):
        abort(400)
    if appointment.status is not AppointmentStatus.BOOKED or appointment.starts_at > utcnow():
        flash("Only an appointment that has begun can be marked.", "warning")
    else:
        appointment.status = AppointmentStatus(outcome)
        db.session.commit()
        audit("appointment_outcome", patient_id=appointment.patient_id, record=appointment,
              details=outcome)  # fmt: skip
        flash(f"{appointment.patient.name}: marked {outcome.replace('_', ' ')}.", "success")
    local = appointment.starts_at.astimezone(ZoneInfo(_staff_timezone())).date()
    return redirect(url_for("booking.staff_schedule", day=local.isoformat()))


def _staff_timezone() -> str:
    if current_user.desk_profile is not None:
        return current_user.desk_profile.city.timezone
    if current_user.therapist_profile is not None:
        return current_user.therapist_profile.centre.city.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


def _schedule_day(raw: str | None, today):
    return parse_date(raw, today) or today


WAITLIST_ROLES = (Role.PATIENT,)  # also decides whether the time page offers the waitlist


@blueprint.post("/book/<centre_slug>/<service_slug>/waitlist")
@roles_required(*WAITLIST_ROLES)
def join_waitlist(centre_slug: str, service_slug: str):
    centre = _centre_or_404(centre_slug)
    service = _outpatient_service_or_404(service_slug)
    choice = _param("therapist") or "any"
    therapist_ids = _therapist_ids(centre, choice)
    today = local_date(centre.city.timezone)
    first = parse_date(_param("from"), today) or today
    last = parse_date(_param("until"), today) or first + timedelta(days=13)
    if first < today or last < first or last > today + timedelta(days=60):
        flash("Choose dates from today, the end after the start, within two months.", "warning")
        return redirect(url_for("booking.choose_time", centre_slug=centre.slug,
                                service_slug=service.slug, therapist=choice))  # fmt: skip
    db.session.add(
        WaitlistEntry(
            patient_id=current_user.id,
            centre_id=centre.id,
            service_id=service.id,
            therapist_id=therapist_ids[0] if choice != "any" else None,
            earliest_date=first,
            latest_date=last,
        )
    )
    db.session.commit()
    flash("You are on the waitlist. We email you as soon as a time frees up.", "success")
    return redirect(url_for("booking.appointments"))


@blueprint.post("/waitlist/<int:entry_id>/leave")
@roles_required(Role.PATIENT)
def leave_waitlist(entry_id: int):
    entry = db.session.get(WaitlistEntry, entry_id)
    if entry is None or entry.patient_id != current_user.id:
        abort(404)
    entry.left_at = utcnow()
    db.session.commit()
    flash("You have left the waitlist.", "success")
    return redirect(url_for("booking.appointments"))
