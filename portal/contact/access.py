"""Which call-back requests a member of staff may see: desk staff their city's, admins all."""

from flask import abort
from sqlalchemy import ColumnElement, Select, select

from portal.accounts.models import User
from portal.accounts.scope import IdValue, Reach, reach_condition, reach_of
from portal.contact.models import CallbackRequest
from portal.extensions import db


def visible_callbacks(user: User) -> Select[CallbackRequest]:
    return select(CallbackRequest).where(callbacks_within(*reach_of(user)))


def callbacks_within(rule: Reach, about: IdValue | None) -> ColumnElement[bool]:
    """The call-backs one may see under `rule` (reach_of's), about its id (a desk's city): a
    statement built once for everyone under the rule gives a bind parameter for the id."""
    return reach_condition(rule, about, city=lambda city_id: CallbackRequest.city_id == city_id)


def get_visible_callback_or_404(user: User, callback_id: int) -> CallbackRequest:
    """A request by id, or 404 when this person may not see it, so ids reveal nothing."""
    callback = db.session.scalar(visible_callbacks(user).where(CallbackRequest.id == callback_id))
    if callback is None:
        abort(404)
    return callback
