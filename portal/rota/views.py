"""Therapists' working weeks and time off, kept by the city's desk (and admins)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.models import User
from portal.accounts.roles import Role, roles_required
from portal.audit.services import audit
from portal.booking.models import TimeOff, WorkingHours
from portal.booking.presenters import when
from portal.booking.slots import WorkingWindow
from portal.db_types import utcnow
from portal.localtime import centre_zone, clock, local_today
from portal.pagination import page_number, paginate
from portal.request_values import near
from portal.rota.forms import DAY_NAMES, TimeOffForm, WorkingHoursForm
from portal.rota.presenters import clash_rows
from portal.rota.rules import decisions_from
from portal.rota.services import (
    TimeOffBlocked,
    add_working_hours,
    centres_of_city,
    clashing_appointments,
    hours_of,
    kept_therapist,
    remove_rota_row,
    take_time_off,
    therapists_page_query,
    time_off_ahead,
)

blueprint = Blueprint("rota", __name__, url_prefix="/rota")
rota_keepers = roles_required(Role.DESK, Role.ADMIN)
PAGE_SIZE = 50


def _therapist_or_404(therapist_id: int) -> User:
    return kept_therapist(current_user, therapist_id) or abort(404)


@blueprint.get("/")
@rota_keepers
def therapists():
    page = paginate(
        therapists_page_query(current_user), page_number(request.args.get("page")), PAGE_SIZE
    )
    return render_template("rota/therapists.html", therapists=page.items, page=page)


@blueprint.get("/<int:therapist_id>")
@rota_keepers
def therapist(therapist_id: int):
    person = _therapist_or_404(therapist_id)
    return _page(person, WorkingHoursForm(), TimeOffForm())


@blueprint.post("/<int:therapist_id>/hours")
@rota_keepers
def add_hours(therapist_id: int):
    person = _therapist_or_404(therapist_id)
    form = WorkingHoursForm()
    form.centre.choices = _centre_choices(person)
    if form.validate_on_submit():
        new = WorkingWindow(int(form.weekday.data), form.starts.data, form.ends.data)
        problem = add_working_hours(person, int(form.centre.data), new)
        if problem is None:
            flash(f"Added {DAY_NAMES[new.weekday]} {new.starts:%H:%M}–{new.ends:%H:%M}.", "success")
            hours = f"{clock(new.starts, '24h')}–{clock(new.ends, '24h')}"
            flash(f"Added {DAY_NAMES[new.weekday]} {hours}.", "success")
            return redirect(url_for("rota.therapist", therapist_id=person.id))
        form.ends.errors.append(problem)
    return _page(person, form, TimeOffForm(), status=422)


@blueprint.post("/<int:therapist_id>/hours/<int:hours_id>/remove")
@rota_keepers
def remove_hours(therapist_id: int, hours_id: int):
    return _remove(WorkingHours, therapist_id, hours_id,
                   "Working hours removed. Booked appointments stay as they are.")  # fmt: skip


@blueprint.post("/<int:therapist_id>/time-off")
@rota_keepers
def add_time_off(therapist_id: int):
    person = _therapist_or_404(therapist_id)
    form = TimeOffForm()
    if form.validate_on_submit():
        zone = _zone_of(person)
        starts = form.starts_at.data.replace(tzinfo=zone)
        ends = form.ends_at.data.replace(tzinfo=zone)
        today = local_today(zone)
        if not (near(starts.date(), today) and near(ends.date(), today)):
            form.starts_at.errors.append("Choose dates within two years of today.")
        elif ends <= starts:
            form.ends_at.errors.append("The end must be after the start.")
        else:
            return _save_time_off(person, form, starts, ends)
    return _page(person, WorkingHoursForm(), form, status=422)


def _save_time_off(person: User, form: TimeOffForm, starts: datetime, ends: datetime):
    """Save it, or show the booked appointments it clashes with and ask what to do."""
    clash_ids = [a.id for a in clashing_appointments(person, starts, ends)]
    decisions = decisions_from(request.form, clash_ids)
    reason = (form.reason.data or "").strip() or None
    try:
        cancelled = take_time_off(person, starts, ends, reason, decisions)
    except TimeOffBlocked as blocked:
        rows = clash_rows(blocked.clashes, decisions, request.form, _zone_of(person))
        return _page(person, WorkingHoursForm(), form, status=409, clashes=rows)
    for appointment in cancelled:
        audit("appointment_cancelled_for_time_off", patient_id=appointment.patient_id,
              record=appointment)  # fmt: skip
    flash(_time_off_added(cancelled), "success")
    return redirect(url_for("rota.therapist", therapist_id=person.id))


def _time_off_added(cancelled) -> str:
    if not cancelled:
        return "Time off added: no new bookings in that time."
    names = ", ".join(appointment.patient.name for appointment in cancelled)
    return f"Time off added. Cancelled and told: {names}."


@blueprint.post("/<int:therapist_id>/time-off/<int:time_off_id>/remove")
@rota_keepers
def remove_time_off(therapist_id: int, time_off_id: int):
    return _remove(TimeOff, therapist_id, time_off_id, "Time off removed.")


def _remove(model, therapist_id: int, row_id: int, message: str):
    """Delete one of a therapist's rota rows; another therapist's row is not found."""
    person = _therapist_or_404(therapist_id)
    if not remove_rota_row(model, person, row_id):
        abort(404)
    flash(message, "success")
    return redirect(url_for("rota.therapist", therapist_id=person.id))


def _centre_choices(person: User):
    return [(str(centre.id), centre.name) for centre in centres_of_city(person)]


def _page(person: User, hours_form, time_off_form, status=200, clashes=()):
    hours_form.centre.choices = _centre_choices(person)
    if not hours_form.is_submitted():
        hours_form.centre.data = str(person.as_therapist().centre_id)
    zone = _zone_of(person)
    time_off = time_off_ahead(person, utcnow())
    return render_template(
        "rota/therapist.html",
        therapist=person,
        hours=[(row, DAY_NAMES[row.weekday]) for row in hours_of(person)],
        time_off=[
            (row, when(row.starts_at, zone), when(row.ends_at, zone)) for row in time_off
        ],  # fmt: skip
        hours_form=hours_form,
        time_off_form=time_off_form,
        clashes=clashes,
    ), status


def _zone_of(person: User) -> ZoneInfo:
    return centre_zone(person.as_therapist().centre)
