from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.accounts.roles import Role, roles_required
from portal.contact.access import get_visible_callback_or_404, visible_callbacks
from portal.contact.models import CallbackRequest, CallbackStatus
from portal.contact.services import change_callback_status
from portal.contact.workflow import StatusChangeRefused
from portal.desk.forms import CallbackStatusForm
from portal.desk.presenters import present_inbox
from portal.extensions import db

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
