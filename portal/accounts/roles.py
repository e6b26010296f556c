"""Roles, and the one decorator that guards staff and patient pages."""

import enum
from collections.abc import Callable, Collection, Iterable
from functools import wraps

from flask import abort
from flask_login import current_user

from portal.extensions import login_manager


class Role(enum.StrEnum):
    PATIENT = "patient"
    THERAPIST = "therapist"
    DESK = "desk"
    ADMIN = "admin"


def may_enter(held: Collection[Role], allowed: Iterable[Role]) -> bool:
    return any(role in held for role in allowed)


def link_may_lead_in(*allowed: Role) -> bool:
    """Whether to offer a link or form to a view guarded by roles_required(*allowed): a visitor
    is asked to log in (and may hold the role); someone logged in without it would get 403."""
    return not current_user.is_authenticated or may_enter(current_user.roles, allowed)


# Where each role starts after logging in; the first role a person holds in this order wins.
_HOME_BY_ROLE: tuple[tuple[Role, str], ...] = (
    (Role.ADMIN, "desk.inbox"),
    (Role.DESK, "desk.inbox"),
    (Role.THERAPIST, "therapist.dashboard"),
    (Role.PATIENT, "programs.today"),
)


def home_endpoint(held: Collection[Role]) -> str:
    for role, endpoint in _HOME_BY_ROLE:
        if role in held:
            return endpoint
    return "public.index"


def refusal_status(url_arguments: Iterable[str]) -> int:
    """What a logged-in person without the role gets: 404 when the URL names a record by id,
    so a guessed id reveals nothing (not even that the page exists for some role); else 403."""
    return 404 if any(name.endswith("_id") for name in url_arguments) else 403


def roles_required(*allowed: Role) -> Callable:
    """Let a view through only for a logged-in person holding one of `allowed`.

    Anonymous visitors are sent to the login page; everyone else without the role gets 403,
    or 404 when the URL carries an id (see refusal_status).
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not may_enter(current_user.roles, allowed):
                abort(refusal_status(kwargs))
            return view(*args, **kwargs)

        return guarded

    return decorator
