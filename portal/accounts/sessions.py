"""Login sessions kept on the server, and the Flask-Login wiring around them.

A session cookie (and a "keep me logged in" cookie) carries "user id:session key"; the key
opens the session only while its row exists. Logging out deletes the row, so a copy of
either cookie taken before is worth nothing; a password change or an erasure deletes them all.
"""

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, TypeVar

from flask import Flask, after_this_request, flash, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    bindparam,
    delete,
    func,
    literal_column,
    select,
    update,
)
from sqlalchemy.orm import joinedload, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from portal.accounts.devices import set_device_cookie
from portal.accounts.models import DeskProfile, LoginSession, RoleGrant, TherapistProfile, User
from portal.accounts.roles import Role
from portal.centres.models import Centre
from portal.db_types import utcnow
from portal.extensions import db
from portal.languages import N_, gettext
from portal.request_values import parse_id
from portal.statements import built_once
from portal.static_files import is_static_file_request
from portal.transactions import serialized, write_beside


def configure_login(app: Flask, manager: LoginManager) -> None:
    manager.init_app(app)
    manager.login_view = "accounts.login"
    manager.login_message = N_("Please log in to see that page.")
    manager.localize_callback = gettext
    manager.login_message_category = "info"
    manager.user_loader(_load_user)
    app.before_request(_end_idle_staff_sessions)


STAFF_IDLE_LIMIT = timedelta(minutes=30)
# As long as a "keep me logged in" cookie lives: no session outlives it unused.
UNUSED_SESSION_LIMIT = timedelta(days=14)
# "Last seen" is for people reading their list of devices: a few minutes' precision is
# plenty and spares a write on every request.
LAST_SEEN_PRECISION = timedelta(minutes=5)
_LAST_SEEN = "last_seen"
# The idle clock moves in steps: a staff session may end up to a minute early (30 minutes
# after the first request of the last minute with any), and no cookie is re-signed more often.
IDLE_CLOCK_STEP = timedelta(minutes=1)


# Answered the same for everyone: looking up their user could only make them fail while the
# database is down (the outage page's stylesheet, the health check).
_WITHOUT_A_USER = {"public.healthz"}


def _end_idle_staff_sessions():
    """Staff see many patients' records: an unattended staff session ends after 30 minutes.

    The time of their last request is kept in the (signed) session cookie, moved forward at
    most once every IDLE_CLOCK_STEP: writing it on every request would sign and send a new
    cookie with every response. Patients are not timed out, so their cookie is left alone."""
    if request.endpoint in _WITHOUT_A_USER or is_static_file_request():
        return None
    if not current_user.is_authenticated:
        return None
    if current_user.roles.isdisjoint({Role.THERAPIST, Role.DESK, Role.ADMIN}):
        return None
    now = time.time()
    last_seen = session.get(_LAST_SEEN, now)
    if now - last_seen > STAFF_IDLE_LIMIT.total_seconds():
        end_session()
        flash("You were logged out after 30 minutes without activity.", "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if _LAST_SEEN not in session or now - last_seen >= IDLE_CLOCK_STEP.total_seconds():
        session[_LAST_SEEN] = now
    return None


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# Values other areas show on every signed-in page (the unread messages in the navigation),
# read in the sign-in statement instead of a statement each: name -> a scalar subquery on the
# signed-in user's id (a bind parameter), and whether only staff need it. Registered while the
# app is put together.
_READ_WITH_THE_USER: dict[str, tuple[Callable[[ColumnElement[int]], ScalarSelect[Any]], bool]] = {}


def read_with_the_user(
    name: str, value: Callable[[ColumnElement[int]], ScalarSelect[Any]], *, staff_only=False
) -> None:
    """Have `value(user id)` (a scalar subquery) read with every signed-in user, as
    `user.read_with_user[name]`; with `staff_only`, with staff only (the sessions read with
    their workplace): absent for anyone else."""
    _READ_WITH_THE_USER[name] = (value, staff_only)


def _names_read(with_workplace: bool) -> tuple[str, ...]:
    return tuple(
        name
        for name, (_value, staff_only) in _READ_WITH_THE_USER.items()
        if with_workplace or not staff_only
    )


def _load_user(session_id: str) -> User | None:
    """The user of a session id 'user id:key', in one query with its session row and, for
    a member of staff, where they work; None when the session was ended, went unused too
    long, or the account is inactive."""
    user_id, _, key = session_id.partition(":")
    if (user_number := parse_id(user_id)) is None or not key:
        return None
    with_workplace = session.get(_PLACED, False)
    names = _names_read(with_workplace)
    found = db.session.execute(
        _user_by_session(names, with_workplace),
        {"user_id": user_number, "key_hash": _hash(key)},
    ).one_or_none()
    if found is None:
        return None
    user, login_id, last_seen_at, roles, *values = found
    now = utcnow()
    if not user.active or now - last_seen_at > UNUSED_SESSION_LIMIT:
        return None
    if now - last_seen_at > LAST_SEEN_PRECISION:
        _touch(login_id, now)
    user.session_key = key
    user.roles_read_at_sign_in = frozenset(Role(role) for role in (roles or "").split(",") if role)
    if with_workplace:
        therapist, desk, *values = values
        _set_workplace(user, therapist, desk)
    elif _is_placed_staff(user):  # a session from before the hint, or a role given since
        therapist, desk = db.session.execute(_workplace_of(), {"user_id": user.id}).one()
        _set_workplace(user, therapist, desk)
        session[_PLACED] = True
    user.read_with_user = MappingProxyType(dict(zip(names, values, strict=True)))
    return user


# Staff whose pages ask where they work: the time zone, and what they may see. An admin
# works across cities, and their pages ask too (localtime.staff_zone): read with them, their
# profiles are found missing in the sign-in statement, not by two statements of their own.
_PLACED_STAFF = frozenset({Role.THERAPIST, Role.DESK, Role.ADMIN})
# In the session cookie of placed staff: their workplace is read with them, in the sign-in
# statement (patients', most requests, are spared its joins). Only a hint: a wrong one costs a
# statement, or two empty joins, never a wrong answer.
_PLACED = "placed"


def _is_placed_staff(user: User) -> bool:
    return not user.roles.isdisjoint(_PLACED_STAFF)


@built_once
def _user_by_session(names: tuple[str, ...], with_workplace: bool) -> Select[*tuple[Any, ...]]:
    # The session row's two columns, not the row as an object: nothing here changes it.
    # Keyed by the names read with the user: one registered later gets a statement of its own.
    workplace = (TherapistProfile, DeskProfile) if with_workplace else ()
    query = (
        select(
            User,
            LoginSession.id,
            LoginSession.last_seen_at,
            _roles_of(bindparam("user_id")),
            *workplace,
            *(_READ_WITH_THE_USER[name][0](bindparam("user_id")).label(name) for name in names),
        )
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(User.id == bindparam("user_id"), LoginSession.key_hash == bindparam("key_hash"))
        .options(lazyload(User.role_grants))  # read as a column (User.roles)
    )
    return _with_workplace(query) if with_workplace else query


def _roles_of(user_id: ColumnElement[int]) -> ScalarSelect[str | None]:
    """The user's roles as one comma-separated value (NULL for none)."""
    # The separator as SQL text: given as a string, SQLAlchemy writes it into the statement
    # as it runs (a literal-execute parameter), redoing the statement's text on every request.
    separator: ColumnElement[str] = literal_column("','")
    return (
        select(func.aggregate_strings(RoleGrant.role, separator))  # type: ignore[arg-type]
        .where(RoleGrant.user_id == user_id)
        .scalar_subquery()
    )


def _set_workplace(
    user: User, therapist: TherapistProfile | None, desk: DeskProfile | None
) -> None:
    set_committed_value(user, "therapist_profile", therapist)
    set_committed_value(user, "desk_profile", desk)


@built_once
def _workplace_of() -> Select[TherapistProfile, DeskProfile]:
    query = select(TherapistProfile, DeskProfile).select_from(User)
    return _with_workplace(query.where(User.id == bindparam("user_id")))


AnySelect = TypeVar("AnySelect", bound=Select[*tuple[Any, ...]])


def _with_workplace(query: AnySelect) -> AnySelect:
    """A therapist's centre and city, a desk's city, joined where lazy loading took up to
    four statements."""
    return (
        query.outerjoin(TherapistProfile, TherapistProfile.user_id == User.id)
        .outerjoin(DeskProfile, DeskProfile.user_id == User.id)
        .options(
            joinedload(TherapistProfile.centre).joinedload(Centre.city),
            joinedload(DeskProfile.city),
        )
    )


def _touch(login_id: int, now: datetime) -> None:
    # On a connection of its own: the request's transaction stays a reader.
    with write_beside() as connection:
        connection.execute(
            update(LoginSession).where(LoginSession.id == login_id).values(last_seen_at=now)
        )


def start_session(user: User, remember: bool = False) -> None:
    """Log `user` in with a fresh session (an id planted before login is worth nothing), and
    give this browser a device cookie for the account."""
    session.clear()
    user.session_key = secrets.token_urlsafe(32)
    login = LoginSession(
        user_id=user.id,
        key_hash=_hash(user.session_key),
        remembered=remember,
        device=describe_device(request.user_agent.string),
    )
    with serialized():
        db.session.add(login)
    login_user(user, remember=remember)
    session[_LAST_SEEN] = time.time()
    if _is_placed_staff(user):
        session[_PLACED] = True
    email = user.email
    after_this_request(lambda response: set_device_cookie(response, email))


def end_session() -> None:
    """Log out here: this session's row goes, so copies of its cookies stop working."""
    if current_user.is_authenticated and current_user.session_key:
        key_hash = _hash(current_user.session_key)
        with serialized():
            db.session.execute(delete(LoginSession).where(LoginSession.key_hash == key_hash))
    session.clear()
    logout_user()  # after clearing: it leaves word in the session to delete the remember cookie


def end_all_sessions(user: User) -> None:
    """Every session of `user` ends (the caller commits)."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def sessions_of(user: User) -> list[LoginSession]:
    """The sessions that still open the account (a closed browser's stays until unused)."""
    return list(
        db.session.scalars(
            select(LoginSession)
            .where(
                LoginSession.user_id == user.id,
                LoginSession.last_seen_at > utcnow() - UNUSED_SESSION_LIMIT,
            )
            .order_by(LoginSession.last_seen_at.desc())
        )
    )


def is_this_session(login: LoginSession, user: User) -> bool:
    return user.session_key is not None and login.key_hash == _hash(user.session_key)


_BROWSERS = (("Edg", "Edge"), ("OPR", "Opera"), ("Firefox", "Firefox"),
             ("Chrome", "Chrome"), ("Chromium", "Chromium"), ("Safari", "Safari"))  # fmt: skip
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("Windows", "Windows"), ("Mac OS X", "Mac"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))  # fmt: skip


def describe_device(user_agent: str) -> str:
    """'Chrome on Android' from a User-Agent header: enough to recognise one's own devices."""
    browser = next(
        (name for token, name in _BROWSERS if re.search(rf"\b{token}/", user_agent)), None
    )
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"{browser}{_ON}{system}"
    return browser or system or _UNKNOWN


_ON = " on "
_UNKNOWN = N_("Unknown browser")


def device_label(device: str) -> str:
    """A stored describe_device() ('Chrome on Android') in the reader's language; the names
    of browsers and systems stay as they are."""
    if _ON in device:
        browser, system = device.split(_ON, 1)
        return gettext("%(browser)s on %(system)s", browser=browser, system=system)
    return gettext(_UNKNOWN) if device == _UNKNOWN else device
