"""Registration without telling anyone which emails have accounts.

Whatever email is typed, the answer is "check your email", after the same work (one lookup,
one email queued). The email decides: a new address gets a link to choose a password, which
creates the account and signs in; an account the desk made without a password (a guest)
gets the same link, which gives it that password; an account in use gets "you already have
an account: log in or reset your password". Choosing the password on the linked page, not
on the form, means whoever confirms is the owner of the mailbox: nobody can plant a password
on someone else's address.

The link is signed and lasts two days. It is single-use because it works only while no one
can log in to the email's account: confirming makes that account, or gives it its password.
"""

from dataclasses import asdict, dataclass
from datetime import timedelta

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from portal.accounts.email_language import writing_to
from portal.accounts.models import User
from portal.accounts.redirects import is_safe_next
from portal.accounts.roles import Role
from portal.accounts.services import (
    create_user,
    find_user_by_email,
    has_real_email,
    normalise_email,
    set_password,
)
from portal.centres.models import Centre
from portal.extensions import db
from portal.languages import gettext as _
from portal.notifications.services import queue_plain_email
from portal.transactions import serialized

LINK_LIFETIME = timedelta(days=2)
_SALT = "sign-up"


@dataclass(frozen=True)
class SignUp:
    """What the registration form collected, carried by the confirmation link."""

    email: str
    name: str
    phone: str | None
    centre_slug: str | None
    next_url: str | None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _is_guest(user: User) -> bool:
    return user.active and not user.can_log_in and has_real_email(user)


def request_sign_up(sign_up: SignUp) -> None:
    """Email `sign_up.email` what to do next; the same work whether or not it has an account."""
    sign_up = SignUp(**{**asdict(sign_up), "email": normalise_email(sign_up.email)})
    user = find_user_by_email(sign_up.email)
    with writing_to(user, asked_here=True):  # the account's language, else this page's
        if user is None or _is_guest(user):
            token = sign_up_token(sign_up)
            link = url_for("accounts.confirm_sign_up", sign_up_token=token, _external=True)
            body = _confirm_body(sign_up.name, link, guest=user is not None)
        else:
            body = _already_registered_body(sign_up.name)
        subject = _("Your Sthira Physio account")
    with serialized():
        queue_plain_email(kind="sign_up", to_email=sign_up.email, subject=subject, body=body)


def sign_up_token(sign_up: SignUp) -> str:
    return _serializer().dumps(asdict(sign_up))


def _confirm_body(name: str, link: str, guest: bool) -> str:
    opening = (
        _(
            "Our front desk already keeps a patient record for you with this email. To sign in "
            "to it, choose a password here within two days:"
        )
        if guest
        else _("To finish creating your account, choose a password here within two days:")
    )
    ignore = _(
        "If you did not ask for an account, ignore this email: nothing is created without "
        "this link."
    )
    return f"{_('Dear %(name)s,', name=name)}\n\n{opening}\n{link}\n\n{ignore}\n\nSthira Physio"


def _already_registered_body(name: str) -> str:
    login = url_for("accounts.login", _external=True)
    reset = url_for("accounts.request_reset", _external=True)
    return "\n\n".join(
        [
            _("Dear %(name)s,", name=name),
            _(
                "Someone (we hope you) tried to create a Sthira Physio account with this email, "
                "but you already have one. Log in here:"
            )
            + f"\n{login}",
            _("Forgot your password? Choose a new one here:") + f"\n{reset}",
            _("If this was not you, ignore this email: nothing has changed."),
            "Sthira Physio",
        ]
    )


@dataclass(frozen=True)
class PendingSignUp:
    sign_up: SignUp
    guest: User | None  # the desk's record this link gives a password to


def pending_sign_up(token: str) -> PendingSignUp | None:
    """What the link confirms; None when it is expired, tampered with or already used."""
    try:
        data = _serializer().loads(token, max_age=int(LINK_LIFETIME.total_seconds()))
        sign_up = SignUp(**data)
    except (BadSignature, TypeError, KeyError, AttributeError):
        return None
    user = find_user_by_email(sign_up.email)
    if user is not None and not _is_guest(user):
        return None
    return PendingSignUp(sign_up, user)


def complete_sign_up(pending: PendingSignUp, password: str) -> User:
    """Create the account (or give the guest record its password); EmailTaken when another
    confirmation got there first."""
    if pending.guest is not None:
        set_password(pending.guest, password)
        return pending.guest
    sign_up = pending.sign_up
    centre = db.session.scalar(select(Centre).where(Centre.slug == sign_up.centre_slug))
    return create_user(
        email=sign_up.email,
        name=sign_up.name,
        phone=sign_up.phone,
        password=password,
        role=Role.PATIENT,
        centre=centre,
    )


def safe_next(pending: PendingSignUp) -> str | None:
    target = pending.sign_up.next_url
    return target if is_safe_next(target) else None
