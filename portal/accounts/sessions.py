"""Flask-Login wiring: how a session maps to a user, and where anonymous visitors are sent."""

from flask import Flask, session
from flask_login import LoginManager, login_user

from portal.accounts.models import User
from portal.extensions import db


def configure_login(app: Flask, manager: LoginManager) -> None:
    manager.init_app(app)
    manager.login_view = "accounts.login"
    manager.login_message = "Please log in to see that page."
    manager.login_message_category = "info"
    manager.user_loader(_load_user)


def _load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def start_session(user: User, remember: bool = False) -> None:
    """Log `user` in with a fresh session, so an id planted before login is worth nothing."""
    session.clear()
    login_user(user, remember=remember)
