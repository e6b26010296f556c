"""The audit log's page for admins (/admin/audit): the log itself is written by portal/audit."""

from datetime import datetime, time, timedelta

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.accounts.roles import Role, roles_required
from portal.audit.models import AuditEvent
from portal.audit.services import logged_actions
from portal.localtime import as_zone, local_today
from portal.pagination import page_number, paginate
from portal.request_values import parse_date, parse_id

blueprint = Blueprint("audit", __name__, url_prefix="/admin/audit")
PAGE_SIZE = 100
LONGEST_EMAIL = 254  # a longer filter matches nobody, and SQLite refuses a huge LIKE pattern


@blueprint.get("/")
@roles_required(Role.ADMIN)
def events():
    """Newest first, filtered by who, what, which patient and which days."""
    query = select(AuditEvent).options(selectinload(AuditEvent.actor))
    actor = (request.args.get("actor") or "").strip().lower()[:LONGEST_EMAIL]
    action = (request.args.get("action") or "").strip()
    patient = request.args.get("patient", "")
    if actor:
        query = query.join(User, User.id == AuditEvent.actor_id).where(User.email.contains(actor))
    if action:
        query = query.where(AuditEvent.action == action)
    if (patient_id := parse_id(patient)) is not None:
        query = query.where(AuditEvent.patient_id == patient_id)
    query = _within_days(query, request.args.get("from"), request.args.get("until"))
    page = paginate(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()),
        page_number(request.args.get("page")),
        PAGE_SIZE,
    )
    return render_template(
        "audit/events.html", page=page, actions=logged_actions(), filters=request.args
    )


def _within_days(query, first: str | None, last: str | None):
    zone = as_zone(current_app.config["DEFAULT_TIMEZONE"])
    today = local_today(zone)
    for raw, compare in ((first, "from"), (last, "until")):
        day = parse_date(raw, today, timedelta(days=20 * 366))
        if day is None:
            continue
        if compare == "from":
            query = query.where(AuditEvent.at >= datetime.combine(day, time(0), zone))
        else:
            end = datetime.combine(day + timedelta(days=1), time(0), zone)
            query = query.where(AuditEvent.at < end)
    return query
