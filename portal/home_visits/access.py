"""Which home-visit requests a member of staff may see: their city's, or all for admins."""

from flask import abort
from sqlalchemy import Select, select

from portal.accounts.models import User
from portal.accounts.scope import in_staff_city
from portal.audit.services import record_read, record_reads
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest
from portal.pagination import Page, paginate


def visible_visit_requests(user: User) -> Select[HomeVisitRequest]:
    return in_staff_city(select(HomeVisitRequest), HomeVisitRequest.city_id, user)


def get_visible_visit_request_or_404(user: User, request_id: int) -> HomeVisitRequest:
    found = db.session.scalar(visible_visit_requests(user).where(HomeVisitRequest.id == request_id))
    if found is None:
        abort(404)
    record_read("home_visit_request_viewed", found.requested_by_id, found)
    return found


def list_visible_visit_requests(
    query: Select[HomeVisitRequest], number: int, size: int
) -> Page[HomeVisitRequest]:
    """One page of a query built on visible_visit_requests(); requests of patients with an
    account are audited as reads of that patient's data."""
    page = paginate(query, number, size)
    record_reads("home_visit_requests_listed", [visit.requested_by_id for visit in page.items])
    return page
