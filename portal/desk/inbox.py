"""The desk's call-back inbox: one page of a status's requests and the count of each status,
by statements built once per visibility rule (the desk's city, or every city for an admin),
the city, the status and the page bound when they run."""

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.accounts.scope import Reach, reach_values
from portal.contact.access import callbacks_within
from portal.contact.models import CallbackRequest, CallbackStatus
from portal.extensions import db
from portal.pagination import Page, page_bounds, page_from_rows
from portal.statements import bound_row_count, built_once, read


def inbox_page(staff: User, status: CallbackStatus, number: int, size: int) -> Page:
    """The oldest first: the requests waiting longest are answered first."""
    rule, values = reach_values(staff)
    offset, limit = page_bounds(number, size)
    values |= {"status": status, "offset": offset, "limit": limit}
    return page_from_rows(db.session.scalars(_page_of(rule), values).all(), number, size)


def counts_by_status(staff: User) -> dict[CallbackStatus, int]:
    rule, values = reach_values(staff)
    rows = read(_counts_of(rule), values).all()
    return {CallbackStatus(status): count for status, count in rows}


@built_once
def _page_of(rule: Reach) -> Select[CallbackRequest]:
    return (
        select(CallbackRequest)
        .where(
            callbacks_within(rule, bindparam("about")),
            CallbackRequest.status == bindparam("status"),
        )
        .options(
            selectinload(CallbackRequest.city), selectinload(CallbackRequest.status_changed_by)
        )
        .order_by(CallbackRequest.created_at, CallbackRequest.id)
        .offset(bound_row_count("offset"))
        .limit(bound_row_count("limit"))
    )


@built_once
def _counts_of(rule: Reach) -> Select[str, int]:
    return (
        select(CallbackRequest.status, func.count())
        .where(callbacks_within(rule, bindparam("about")))
        .group_by(CallbackRequest.status)
    )
