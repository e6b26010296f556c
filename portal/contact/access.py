"""Which call-back requests a member of staff may see: desk staff their city's, admins all."""

from flask import abort
from sqlalchemy import Select, select

from portal.accounts.models import User
from portal.accounts.scope import in_staff_city
from portal.contact.models import CallbackRequest
from portal.extensions import db


def visible_callbacks(user: User) -> Select[CallbackRequest]:
    return in_staff_city(select(CallbackRequest), CallbackRequest.city_id, user)


def get_visible_callback_or_404(user: User, callback_id: int) -> CallbackRequest:
    """A request by id, or 404 when this person may not see it, so ids reveal nothing."""
    callback = db.session.scalar(visible_callbacks(user).where(CallbackRequest.id == callback_id))
    if callback is None:
        abort(404)
    return callback
