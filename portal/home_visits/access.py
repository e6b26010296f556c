"""Which home-visit requests a member of staff may see: their city's, or all for admins
(the scoping and the gate are portal/accounts/scope.py's)."""

from sqlalchemy import Select, select

from portal.accounts.models import User
from portal.accounts.scope import in_staff_city, page_shown, shown_or_404
from portal.home_visits.models import HomeVisitRequest
from portal.pagination import Page


def visible_visit_requests(user: User) -> Select[HomeVisitRequest]:
    return in_staff_city(select(HomeVisitRequest), HomeVisitRequest.city_id, user)


def get_visible_visit_request_or_404(user: User, request_id: int) -> HomeVisitRequest:
    query = visible_visit_requests(user).where(HomeVisitRequest.id == request_id)
    return shown_or_404(query, "home_visit_request_viewed", lambda visit: visit.requested_by_id)


def list_visible_visit_requests(
    query: Select[HomeVisitRequest], number: int, size: int
) -> Page[HomeVisitRequest]:
    """One page of a query built on visible_visit_requests(); requests of patients with an
    account are audited as reads of that patient's data."""
    return page_shown(
        query, number, size, "home_visit_requests_listed", lambda visit: visit.requested_by_id
    )
