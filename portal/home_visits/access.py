"""Which home-visit requests a member of staff may see: their city's, or all for admins."""

from flask import abort
from sqlalchemy import Select, select

from portal.accounts.models import User
from portal.desk.scope import in_staff_city
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest


def visible_visit_requests(user: User) -> Select[tuple[HomeVisitRequest]]:
    return in_staff_city(select(HomeVisitRequest), HomeVisitRequest.city_id, user)


def get_visible_visit_request_or_404(user: User, request_id: int) -> HomeVisitRequest:
    found = db.session.scalar(visible_visit_requests(user).where(HomeVisitRequest.id == request_id))
    if found is None:
        abort(404)
    return found
