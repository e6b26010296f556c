"""Creating accounts and checking credentials."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from portal.accounts.devices import trusted_device_key
from portal.accounts.models import (
    DeskProfile,
    LoginThrottle,
    PatientProfile,
    TherapistProfile,
    User,
)
from portal.accounts.passwords import hash_password, unusable_password, verify_password
from portal.accounts.roles import Role
from portal.accounts.sessions import end_all_sessions
from portal.accounts.throttle import Failures, account_key, after_failure, is_paused
from portal.centres.models import Centre, City
from portal.db_types import utcnow
from portal.extensions import db
from portal.transactions import serialized, whatever_the_outcome


class EmailTaken(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    # Roles load when first used, so looking up a known email costs the same one statement
    # as looking up an unknown one.
    return db.session.scalar(
        select(User).where(User.email == normalise_email(email)).options(lazyload(User.role_grants))
    )


def authenticate(
    email: str, password: str, device_cookie: str | None = None, now: datetime | None = None
) -> User | None:
    """The account when the password is right and sign-in under this browser's key is not
    paused; else None, after the same work whichever the reason: one password verification,
    the same SQL statements, so neither the answer nor its timing tells whether the email
    has an account."""
    now = now or utcnow()
    email = normalise_email(email)
    user = find_user_by_email(email)
    key = trusted_device_key(device_cookie, email) or account_key(email)
    failures = _failures(db.session.get(LoginThrottle, key))
    paused = is_paused(failures, now)
    known_hash = None if paused or user is None else user.password_hash
    if verify_password(known_hash, password) and user is not None and user.active:
        _forget_failures(key)
        return user
    _count_failure(key, now)
    return None


def _failures(row: LoginThrottle | None) -> Failures:
    return Failures(row.failures, row.last_failure_at) if row else Failures()


def _count_failure(key: str, now: datetime) -> None:
    """Counted whatever becomes of the request (a refused sign-in answers 422, and its work
    rolls back), in a write transaction, as failures may come all at once: the row is made if
    new, then read locked, so no failure is lost between two requests."""

    def count() -> None:
        db.session.execute(_insert(LoginThrottle).values(key=key).on_conflict_do_nothing())
        row = db.session.get_one(LoginThrottle, key, with_for_update=True, populate_existing=True)
        counted = after_failure(_failures(row), now)
        row.failures, row.last_failure_at = counted.count, counted.last_at

    whatever_the_outcome(count)


def _insert(model):
    dialect = db.session.get_bind().dialect.name
    return postgresql.insert(model) if dialect == "postgresql" else sqlite.insert(model)


def _forget_failures(key: str) -> None:
    with serialized():
        db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))


def forget_failed_logins(user: User) -> None:
    """A completed password reset proves the owner: sign-in by email is no longer paused."""
    _forget_failures(account_key(user.email))


def set_password(user: User, password: str) -> None:
    """A new password ends every session of this account (log out everywhere)."""
    password_hash = hash_password(password)
    with serialized():
        user.password_hash = password_hash
        end_all_sessions(user)


def create_user(
    *,
    email: str,
    name: str,
    password: str | None,
    role: Role,
    phone: str | None = None,
    centre: Centre | None = None,
    city: City | None = None,
    does_home_visits: bool = False,
) -> User:
    """Create an account with one role and the details that role needs; all or nothing.
    Without a password nobody can log in until they set one through a reset link."""
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        phone=phone,
        password_hash=unusable_password() if password is None else hash_password(password),
    )
    user.grant(role)
    _attach_role_details(user, role, centre, city)
    if user.therapist_profile is not None:
        user.therapist_profile.does_home_visits = does_home_visits
    try:
        with serialized():
            db.session.add(user)
    except IntegrityError as error:
        raise EmailTaken(user.email) from error
    return user


def _attach_role_details(user: User, role: Role, centre: Centre | None, city: City | None) -> None:
    if role is Role.PATIENT:
        user.patient_profile = PatientProfile(privacy_consent_at=utcnow(), primary_centre=centre)
    elif role is Role.THERAPIST:
        if centre is None:
            raise ValueError("a therapist belongs to a centre")
        user.therapist_profile = TherapistProfile(centre=centre)
    elif role is Role.DESK:
        desk_city = city or (centre.city if centre else None)
        if desk_city is None:
            raise ValueError("desk staff belong to a city")
        user.desk_profile = DeskProfile(city=desk_city)


PLACEHOLDER_EMAIL_END = ".invalid"  # a reserved top-level domain: no mail can reach it


def unreachable_email(kind: str) -> str:
    """An address in the reserved .invalid domain, for a patient who gave no email: the
    account is unique and bookable, and nothing is ever sent to it."""
    return f"{kind}-{secrets.token_hex(6)}@{kind}{PLACEHOLDER_EMAIL_END}"


def has_real_email(user: User) -> bool:
    return not user.email.endswith(PLACEHOLDER_EMAIL_END)


def create_patient_without_login(
    *, name: str, phone: str | None, email: str | None, centre: Centre | None = None
) -> User:
    """A patient account made for someone by staff: it can be booked for but not logged in
    to (a password reset gives them a login), and its emails say to call."""
    return create_user(
        email=email or unreachable_email("guest"),
        name=name,
        password=None,
        role=Role.PATIENT,
        phone=phone,
        centre=centre,
    )


@dataclass(frozen=True)
class StaffDetails:
    """What an admin types about a member of staff; the role decides which place counts."""

    name: str
    email: str
    phone: str | None
    centre: Centre | None = None  # therapists
    does_home_visits: bool = False
    city: City | None = None  # desk staff


def update_staff(user: User, details: StaffDetails) -> None:
    """Save an admin's edit of a staff account; EmailTaken (and nothing changed) when the
    email is someone else's."""
    email = normalise_email(details.email)
    try:
        with serialized():
            user.name, user.email = details.name.strip(), email
            user.phone = details.phone
            if user.therapist_profile is not None and details.centre is not None:
                user.therapist_profile.centre = details.centre
                user.therapist_profile.does_home_visits = details.does_home_visits
            if user.desk_profile is not None and details.city is not None:
                user.desk_profile.city = details.city
    except IntegrityError as error:
        raise EmailTaken(email) from error


def set_active(user: User, active: bool) -> None:
    """Deactivate or reactivate an account. Either way every session it had ends: a session
    from before a deactivation must not come back to life with a reactivation."""
    with serialized():
        user.active = active
        end_all_sessions(user)
