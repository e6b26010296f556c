"""Creating accounts and checking credentials."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts.lockout import is_locked, lockout_for
from portal.accounts.models import DeskProfile, PatientProfile, TherapistProfile, User
from portal.accounts.passwords import hash_password, unusable_password, verify_password
from portal.accounts.roles import Role
from portal.centres.models import Centre, City
from portal.db_types import utcnow
from portal.extensions import db
from portal.transactions import serialized


class EmailTaken(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


@dataclass(frozen=True)
class LoginAttempt:
    user: User | None  # set when the login succeeded
    locked_until: datetime | None = None  # set when the account is locked


def authenticate(email: str, password: str, now: datetime | None = None) -> LoginAttempt:
    """Check the password, counting failures: repeated failures lock the account a while."""
    now = now or utcnow()
    user = find_user_by_email(email)
    if user is not None and is_locked(user.locked_until, now):
        return LoginAttempt(None, user.locked_until)
    if not verify_password(user.password_hash if user else None, password):
        return LoginAttempt(None, _count_failure(user, now)) if user else LoginAttempt(None)
    if not user.active:
        return LoginAttempt(None)
    if user.failed_logins or user.locked_until:
        with serialized():
            user.failed_logins, user.locked_until = 0, None
    return LoginAttempt(user)


def _count_failure(user: User, now: datetime) -> datetime | None:
    """Count one more failure (in a write transaction: failures may come all at once) and
    return until when the account is now locked, if it is."""
    with serialized():
        db.session.refresh(user)
        user.failed_logins += 1
        if wait := lockout_for(user.failed_logins):
            user.locked_until = now + wait
    return user.locked_until if is_locked(user.locked_until, now) else None


def set_password(user: User, password: str) -> None:
    """A new password ends every other session of this account (log out everywhere)."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    user.failed_logins, user.locked_until = 0, None
    db.session.commit()


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


def unreachable_email(kind: str) -> str:
    """An address in the reserved .invalid domain, for a patient who gave no email: the
    account is unique and bookable, and nothing is ever sent to it."""
    return f"{kind}-{secrets.token_hex(6)}@{kind}.invalid"


def has_real_email(user: User) -> bool:
    return not user.email.endswith(".invalid")


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
    """Save an admin's edit of a staff account; EmailTaken when the email is someone else's."""
    user.name, user.email = details.name.strip(), normalise_email(details.email)
    user.phone = details.phone
    if user.therapist_profile is not None and details.centre is not None:
        user.therapist_profile.centre = details.centre
        user.therapist_profile.does_home_visits = details.does_home_visits
    if user.desk_profile is not None and details.city is not None:
        user.desk_profile.city = details.city
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTaken(user.email) from error


def set_active(user: User, active: bool) -> None:
    """Deactivate or reactivate an account. Either way every session it had ends: a session
    from before a deactivation must not come back to life with a reactivation."""
    user.active = active
    user.session_version += 1
    db.session.commit()
