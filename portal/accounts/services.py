"""Creating accounts and checking credentials."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import DeskProfile, PatientProfile, TherapistProfile, User
from portal.accounts.passwords import hash_password, verify_password
from portal.accounts.roles import Role
from portal.centres.models import Centre, City
from portal.db_types import utcnow
from portal.extensions import db


class EmailTaken(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    return user if user.active else None


def create_user(
    *,
    email: str,
    name: str,
    password: str,
    role: Role,
    phone: str | None = None,
    centre: Centre | None = None,
    city: City | None = None,
) -> User:
    """Create an account with one role and the details that role needs; all or nothing."""
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        phone=phone,
        password_hash=hash_password(password),
    )
    user.grant(role)
    _attach_role_details(user, role, centre, city)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
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
