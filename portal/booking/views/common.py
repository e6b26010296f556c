"""What the booking pages share: the centre, service and therapists chosen in the URL."""

from flask import (
    abort,
    request,
)
from flask_login import current_user

from portal.accounts.roles import Role
from portal.booking.availability import therapist_ids_at
from portal.booking.models import (
    Service,
)
from portal.booking.services import centre_by_slug, outpatient_service
from portal.centres.models import Centre
from portal.request_values import parse_id

DAYS_SHOWN = 14


def _centre_or_404(slug: str) -> Centre:
    centre = centre_by_slug(slug)
    if centre is None or not may_book_at(centre):
        abort(404)
    return centre


def may_book_at(centre: Centre) -> bool:
    """A centre with online booking off is not offered online; its desk (or an admin) still
    books there for someone who phones."""
    staff = current_user.is_authenticated and not current_user.roles.isdisjoint(
        {Role.DESK, Role.ADMIN}
    )
    return centre.online_booking or staff


def _outpatient_service_or_404(slug: str) -> Service:
    return outpatient_service(slug) or abort(404)


def _therapist_ids(centre: Centre, choice: str | None) -> list[int]:
    """The therapists a choice stands for: one of the centre's, or all for "any"."""
    ids = therapist_ids_at(centre)
    if choice in (None, "", "any"):
        return ids
    therapist_id = parse_id(choice)
    if therapist_id not in ids:
        abort(404)
    return [therapist_id]


def _param(name: str) -> str | None:
    """A value from the posted form, else from the URL (the slot links carry it there)."""
    return request.form.get(name) or request.args.get(name)
