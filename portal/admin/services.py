"""Saving techniques to the library: each kind keeps only the fields it uses."""

from flask import url_for
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.accounts.reset import WELCOME_VALID_SECONDS, reset_token
from portal.accounts.roles import Role
from portal.accounts.services import StaffDetails, create_user
from portal.extensions import db
from portal.guide.diagrams import DiagramView
from portal.guide.models import PointSides, Technique, TechniqueKind
from portal.notifications.delivery import try_again
from portal.notifications.models import OutgoingEmail
from portal.notifications.services import queue_plain_email
from portal.transactions import serialized
from portal.worker.dispatch import deliver_after_commit


class CodeTaken(ValueError):
    pass


_COMMON = ("name", "summary", "benefits", "how_to", "cautions", "default_hold_seconds", "archived")


def save_technique(technique: Technique, data: dict) -> Technique:
    """Fill in and save the technique; CodeTaken (and nothing saved) when its code is taken."""
    code = data["code"].strip().upper()
    try:
        with serialized():
            _fill_technique(technique, data)
            db.session.add(technique)
    except IntegrityError as error:
        raise CodeTaken(code) from error
    return technique


def _fill_technique(technique: Technique, data: dict) -> None:
    technique.kind = TechniqueKind(data["kind"])
    technique.code = data["code"].strip().upper()
    for name in _COMMON:
        value = data[name]
        setattr(technique, name, value.strip() if isinstance(value, str) else value)
    point = technique.kind is TechniqueKind.ACUPRESSURE
    technique.pinyin_name = (data["pinyin_name"] or "").strip() or None if point else None
    technique.meridian = (data["meridian"] or "").strip() or None if point else None
    technique.location = data["location"].strip() if point else None
    technique.sides = PointSides(data["sides"]) if point else None
    technique.avoid_in_pregnancy = bool(data["avoid_in_pregnancy"]) if point else False
    technique.diagram_view = DiagramView(data["diagram_view"]) if point else None
    technique.diagram_x = float(data["diagram_x"]) if point else None
    technique.diagram_y = float(data["diagram_y"]) if point else None
    technique.default_sets = None if point else data["default_sets"]
    technique.default_reps = None if point else data["default_reps"]


def invite_staff(role: Role, details: StaffDetails) -> User:
    """Create a therapist or desk account with a password nobody knows, and email its owner a
    link to choose one: a password is never shown on screen or sent in an email."""
    user = create_user(
        email=details.email, name=details.name, phone=details.phone,
        password=None, role=role, centre=details.centre, city=details.city,
        does_home_visits=details.does_home_visits,
    )  # fmt: skip
    send_set_password_link(user)
    return user


def send_set_password_link(user: User) -> None:
    link = url_for("accounts.reset_password", token=reset_token(user, welcome=True), _external=True)
    queue_plain_email(
        kind="staff_welcome",
        to_email=user.email,
        subject="Your Sthira Physio staff account",
        body=(
            f"Dear {user.name},\n\nAn account at Sthira Physio is ready for you. To choose your "
            f"password, open this link within {WELCOME_VALID_SECONDS // 86400} days:\n{link}\n\n"
            f"Then log in with this email address.\n\nSthira Physio"
        ),
    )


def retry_undeliverable_email(email: OutgoingEmail) -> bool:
    """Give a given-up email a fresh series of attempts; False if it is not given up."""
    if email.undeliverable_at is None or email.sent_at is not None:
        return False
    try_again(email)
    deliver_after_commit(email)
    return True
