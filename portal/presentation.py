"""What every template may use: the navigation for the person's roles and a few filters."""

from collections.abc import Collection
from functools import lru_cache
from typing import Any, NamedTuple

from flask import Flask, current_app, request, session, url_for
from flask_login import current_user

from portal.accounts.language import may_choose_language
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.booking.booking_for import BOOKING_FOR
from portal.error_summary import error_links
from portal.extensions import db
from portal.guide.drawing import body_diagram_svg, exercise_picture_svg
from portal.languages import LANGUAGES, current_language
from portal.languages import lazy_gettext as _l
from portal.localtime import clock, day, day_and_clock
from portal.messages.services import unread_count
from portal.phone import display_phone
from portal.remembered_urls import remembered_url_for


class NavItem(NamedTuple):
    label: str  # a lazy translation for the items patients and visitors see
    endpoint: str


_PUBLIC_ITEMS = (
    NavItem(_l("Book"), "booking.choose_centre"),
    NavItem(_l("Acupressure guide"), "guide.index"),
    NavItem(_l("Centres"), "centres.index"),
    NavItem(_l("Home visit"), "home_visits.request_visit"),
    NavItem(_l("Call me back"), "contact.request_callback"),
)
_ROLE_ITEMS = {
    Role.PATIENT: (
        NavItem(_l("Today"), "programs.today"),
        NavItem(_l("Progress"), "programs.progress"),
        NavItem(_l("Appointments"), "booking.appointments"),
        NavItem(_l("Messages"), "messages.patient_threads"),
    ),
    Role.THERAPIST: (
        NavItem("My patients", "therapist.dashboard"),
        NavItem("Messages", "messages.inbox"),
        NavItem("Schedule", "booking.staff_schedule"),
    ),
    Role.DESK: (
        NavItem("Call-backs", "desk.inbox"),
        NavItem("Home visits", "desk.home_visits"),
        NavItem("Schedule", "booking.staff_schedule"),
        NavItem("Book for a patient", "desk.patients"),
        NavItem("Rota", "rota.therapists"),
    ),
    Role.ADMIN: (
        NavItem("Call-backs", "desk.inbox"),
        NavItem("Home visits", "desk.home_visits"),
        NavItem("Schedule", "booking.staff_schedule"),
        NavItem("Rota", "rota.therapists"),
        NavItem("Patients", "therapist.dashboard"),
        NavItem("Admin", "admin.index"),  # centres, staff, library, services, audit, erasure
    ),
}


# The navigation items that show how many unread messages wait behind them.
MESSAGE_ENDPOINTS = frozenset({"messages.patient_threads", "messages.inbox"})

_STAFF = frozenset({Role.THERAPIST, Role.DESK, Role.ADMIN})
_GUIDE = NavItem(_l("Acupressure guide"), "guide.index")


def navigation_for(roles: Collection[Role]) -> list[NavItem]:
    """Role pages first, each item once. Staff get their work and the guide; patients and
    visitors also get booking, the centres and the call-back form."""
    items: list[NavItem] = []
    for role in Role:
        if role in roles:
            items.extend(item for item in _ROLE_ITEMS.get(role, ()) if not _listed(item, items))
    if not _STAFF.isdisjoint(roles):
        return [*items, _GUIDE]
    public = [item for item in _PUBLIC_ITEMS if not _listed(item, items)]
    if Role.PATIENT in roles:
        public = [item for item in public if item.endpoint != "booking.choose_centre"]
    return items + public


class NavLink(NamedTuple):
    """A navigation item as base.html writes it: its label in the page's language, its URL."""

    label: str
    endpoint: str
    url: str


def navigation_links(roles: Collection[Role]) -> tuple[NavLink, ...]:
    return _links(frozenset(roles), current_language(), request.script_root)


# The same for everyone with the same roles, language and mount point: made once per process,
# where every page built the list again, then a link and a translation per item.
@lru_cache(maxsize=256)
def _links(roles: frozenset[Role], _language: str, _script_root: str) -> tuple[NavLink, ...]:
    return tuple(
        NavLink(str(item.label), item.endpoint, url_for(item.endpoint))
        for item in navigation_for(roles)
    )


def _listed(item: NavItem, items: list[NavItem]) -> bool:
    # Endpoints first: comparing labels translates lazy ones, twice per comparison, and
    # every request builds the navigation.
    return any(other.endpoint == item.endpoint and other == item for other in items)


def register(app: Flask) -> None:
    app.jinja_env.globals["url_for"] = remembered_url_for()
    app.jinja_env.filters["phone"] = display_phone
    app.jinja_env.globals["error_links"] = error_links
    app.jinja_env.globals["page_url"] = page_url
    app.jinja_env.globals["body_diagram_svg"] = body_diagram_svg
    app.jinja_env.globals["exercise_picture_svg"] = exercise_picture_svg
    # Dates and times as people read them: templates never format them themselves.
    # In the response's language: English keeps the site's own styles (localtime).
    app.jinja_env.filters["day"] = lambda value, style="date": day(value, style, current_language())
    app.jinja_env.filters["clock"] = lambda moment, style="12h": clock(
        moment, style, current_language()
    )
    app.jinja_env.filters["local_datetime"] = lambda moment: day_and_clock(
        moment, app.config["DEFAULT_TIMEZONE"], language=current_language()
    )

    @app.context_processor
    def navigation():
        if not current_user.is_authenticated:
            return page_context()
        booking_for = session.get(BOOKING_FOR)
        context = page_context(
            current_user.roles, db.session.get(User, booking_for) if booking_for else None
        )
        return {**context, "unread_messages": _unread_messages(context["nav_items"])}


def _unread_messages(items: Collection[NavLink]) -> int:
    """One COUNT for a person whose navigation has a Messages item (patients, therapists);
    no statement for anyone else."""
    if MESSAGE_ENDPOINTS.isdisjoint(item.endpoint for item in items):
        return 0
    return unread_count(current_user)


def page_context(roles: Collection[Role] = frozenset(), booking_for: User | None = None) -> dict:
    """What base.html needs besides the user: for a visitor, it needs no database."""
    return {
        "booking_for": booking_for,
        "nav_items": navigation_links(roles),
        "current_endpoint": request.endpoint,
        "clinic_name": current_app.config["CLINIC_NAME"],
        "message_endpoints": MESSAGE_ENDPOINTS,
        "unread_messages": 0,
        "languages": LANGUAGES,
        "current_language": current_language(),
        "may_choose_language": may_choose_language(roles),
    }


def page_url(number: int) -> str:
    """This page's URL with its filters set, showing list page `number` (page 1: no ?page=)."""
    if request.endpoint is None:
        raise RuntimeError("page_url() serves a page reached through a route")
    args: dict[str, Any] = {
        name: kept
        for name, values in request.args.lists()
        if name != "page" and (kept := [value for value in values if value])  # no empty filters
    }
    if number > 1:
        args["page"] = [str(number)]
    return url_for(request.endpoint, **(request.view_args or {}), **args)
