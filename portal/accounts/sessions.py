"""Flask-Login wiring: how a session maps to a user, and where anonymous visitors are sent."""

import time
from datetime import timedelta

from flask import Flask, flash, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.extensions import db
from portal.static_files import is_static_file_request


def configure_login(app: Flask, manager: LoginManager) -> None:
    manager.init_app(app)
    manager.login_view = "accounts.login"
    manager.login_message = "Please log in to see that page."
    manager.login_message_category = "info"
    manager.user_loader(_load_user)
    app.before_request(_end_idle_staff_sessions)


STAFF_IDLE_LIMIT = timedelta(minutes=30)
_LAST_SEEN = "last_seen"


# Answered the same for everyone: looking up their user could only make them fail while the
# database is down (the outage page's stylesheet, the health check).
_WITHOUT_A_USER = {"public.healthz"}


def _end_idle_staff_sessions():
    """Staff see many patients' records: an unattended staff session ends after 30 minutes."""
    if request.endpoint in _WITHOUT_A_USER or is_static_file_request():
        return None
    if not current_user.is_authenticated:
        return None
    now = time.time()
    last_seen = session.get(_LAST_SEEN, now)
    session[_LAST_SEEN] = now
    staff = not current_user.roles.isdisjoint({Role.THERAPIST, Role.DESK, Role.ADMIN})
    if staff and now - last_seen > STAFF_IDLE_LIMIT.total_seconds():
        logout_user()
        session.clear()
        flash("You were logged out after 30 minutes without activity.", "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    return None


def _load_user(session_id: str) -> User | None:
    """The user of a session id 'id:version'; a session from before a password change is
    worth nothing."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def start_session(user: User, remember: bool = False) -> None:
    """Log `user` in with a fresh session, so an id planted before login is worth nothing."""
    session.clear()
    login_user(user, remember=remember)
    session[_LAST_SEEN] = time.time()
