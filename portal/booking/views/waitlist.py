"""Patients join the waitlist for a time that frees up, and leave it."""

from datetime import timedelta

from flask import (
    abort,
    flash,
    redirect,
    url_for,
)
from flask_login import current_user

from portal.accounts.roles import Role, roles_required
from portal.booking import waitlist
from portal.booking.views.blueprint import blueprint
from portal.booking.views.common import (
    _centre_or_404,
    _outpatient_service_or_404,
    _param,
    _therapist_ids,
)
from portal.languages import gettext as _
from portal.localtime import centre_zone, local_today
from portal.request_values import parse_date

WAITLIST_ROLES = (Role.PATIENT,)  # also decides whether the time page offers the waitlist


@blueprint.post("/book/<centre_slug>/<service_slug>/waitlist")
@roles_required(*WAITLIST_ROLES)
def join_waitlist(centre_slug: str, service_slug: str):
    centre = _centre_or_404(centre_slug)
    service = _outpatient_service_or_404(service_slug)
    choice = _param("therapist") or "any"
    therapist_ids = _therapist_ids(centre, choice)
    today = local_today(centre_zone(centre))
    first = parse_date(_param("from"), today) or today
    last = parse_date(_param("until"), today) or first + timedelta(days=13)
    if first < today or last < first or last > today + timedelta(days=60):
        flash(_("Choose dates from today, the end after the start, within two months."), "warning")
        return redirect(url_for("booking.choose_time", centre_slug=centre.slug,
                                service_slug=service.slug, therapist=choice))  # fmt: skip
    therapist_id = therapist_ids[0] if choice != "any" else None
    waitlist.join_waitlist(current_user.id, centre, service.id, therapist_id, first, last)
    flash(_("You are on the waitlist. We email you as soon as a time frees up."), "success")
    return redirect(url_for("booking.appointments"))


@blueprint.post("/waitlist/<int:entry_id>/leave")
@roles_required(Role.PATIENT)
def leave_waitlist(entry_id: int):
    if not waitlist.leave_waitlist(current_user.id, entry_id):
        abort(404)
    flash(_("You have left the waitlist."), "success")
    return redirect(url_for("booking.appointments"))
