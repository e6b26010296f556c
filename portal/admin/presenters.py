"""Staff accounts and undeliverable emails as the admin screens list them."""

from dataclasses import dataclass
from datetime import datetime

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.notifications.models import OutgoingEmail
from portal.phone import display_phone

_ROLE_NAMES = {Role.ADMIN: "Admin", Role.THERAPIST: "Physiotherapist", Role.DESK: "Front desk"}


def staff_role(user: User) -> Role:
    """The staff role a person is listed under (an admin who also treats is an admin)."""
    return next(role for role in (Role.ADMIN, Role.THERAPIST, Role.DESK) if role in user.roles)


@dataclass(frozen=True)
class StaffRow:
    id: int
    name: str
    email: str
    phone: str
    role: str
    place: str
    home_visits: bool
    active: bool
    editable: bool  # therapists and desk staff; admins are made with the CLI

    @property
    def summary(self) -> str:
        visits = ", home visits" if self.home_visits else ""
        state = "" if self.active else ", deactivated"
        return f"{self.role} · {self.place}{visits}{state}"


def staff_row(user: User) -> StaffRow:
    role = staff_role(user)
    return StaffRow(
        id=user.id,
        name=user.name,
        email=user.email,
        phone=display_phone(user.phone),
        role=_ROLE_NAMES[role],
        place=_place(user),
        home_visits=bool(user.therapist_profile and user.therapist_profile.does_home_visits),
        active=user.active,
        editable=role is not Role.ADMIN,
    )


def _place(user: User) -> str:
    if user.therapist_profile is not None:
        centre = user.therapist_profile.centre
        return f"{centre.name}, {centre.city.name}"
    if user.desk_profile is not None:
        return user.desk_profile.city.name
    return "Every city"


@dataclass(frozen=True)
class EmailRow:
    """What an admin needs to judge a failed email: never its body (it can hold health data)."""

    id: int
    kind: str
    to_email: str
    subject: str
    attempts: int
    last_error: str
    queued_at: datetime
    last_attempt_at: datetime | None
    given_up_at: datetime


def email_row(email: OutgoingEmail) -> EmailRow:
    """A row of the undeliverable list."""
    if email.undeliverable_at is None:
        raise ValueError(f"email {email.id} is still being tried")
    return EmailRow(
        id=email.id,
        kind=email.kind.replace("_", " ").capitalize(),
        to_email=email.to_email,
        subject=email.subject,
        attempts=email.attempts,
        last_error=email.last_error or "No error was recorded.",
        queued_at=email.created_at,
        last_attempt_at=email.last_attempt_at,
        given_up_at=email.undeliverable_at,
    )
