"""Staff schedules (a day or a week) and the outcome of an appointment."""

from datetime import timedelta

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from portal.accounts.roles import Role, roles_required
from portal.audit.services import audit
from portal.booking import services
from portal.booking.access import get_visible_appointment_or_404
from portal.booking.schedule import ScheduleFilter, schedule
from portal.booking.views.blueprint import blueprint
from portal.db_types import utcnow
from portal.localtime import Zone, local_today, staff_zone, to_local
from portal.pagination import page_number
from portal.request_values import parse_date


@blueprint.get("/schedule")
@roles_required(Role.DESK, Role.THERAPIST, Role.ADMIN)
def staff_schedule():
    """Desk: the city's appointments per therapist; therapists: their own; day or week."""
    zone = _staff_zone()
    today = local_today(zone)
    week = request.args.get("view") == "week"
    day = _schedule_day(request.args.get("day"), today)
    first = day - timedelta(days=day.weekday()) if week else day
    narrow, page = ScheduleFilter.from_args(request.args), page_number(request.args.get("page"))
    shown = schedule(current_user, first, 7 if week else 1, zone, utcnow(), narrow, page,
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
        # A therapist's own schedule: each session that has begun opens its treatment note.
        show_note_links=Role.THERAPIST in current_user.roles,
    )


@blueprint.post("/schedule/appointments/<int:appointment_id>/outcome")
@roles_required(Role.DESK, Role.ADMIN)
def record_outcome(appointment_id: int):
    appointment = get_visible_appointment_or_404(current_user, appointment_id)
    outcomes = {status.value: status for status in services.OUTCOMES}
    outcome = outcomes.get(request.form.get("outcome", ""))
    if outcome is None:
        abort(400)
    if services.record_outcome(appointment, outcome, utcnow()):
        audit("appointment_outcome", patient_id=appointment.patient_id, record=appointment,
              details=outcome.value)  # fmt: skip
        name = outcome.value.replace("_", " ")
        flash(f"{appointment.patient.name}: marked {name}.", "success")
    else:
        flash("Only an appointment that has begun can be marked.", "warning")
    local = to_local(appointment.starts_at, _staff_zone()).date()
    return redirect(url_for("booking.staff_schedule", day=local.isoformat()))


def _staff_zone() -> Zone:
    return staff_zone(current_user, current_app.config["DEFAULT_TIMEZONE"])


def _schedule_day(raw: str | None, today):
    return parse_date(raw, today) or today
