"""People: one account per person, one or more roles, and the details each role adds."""

from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.passwords import is_usable_password
from portal.accounts.roles import Role
from portal.db_types import UtcDateTime, enum_type, utcnow
from portal.extensions import Model

if TYPE_CHECKING:  # the other ends of relationships, named for mypy only
    from portal.centres.models import Centre, City


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint makes email unique case-insensitively.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # The language the person chose for pages and emails (portal.languages); None: not chosen,
    # pages follow the browser and emails are in English.
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    # The secret of the login session this request runs in (set when the session starts or
    # is loaded; only its hash is stored, in LoginSession), and what other areas asked to have
    # read with the signed-in user, by name (sessions.read_with_the_user; empty for a user
    # loaded any other way).
    # So are the roles, when the sign-in statement read them (as one column: see `roles`).
    if TYPE_CHECKING:  # not columns: an annotation at run time would ask SQLAlchemy to map them
        session_key: str | None = None
        read_with_user: Mapping[str, Any] = MappingProxyType({})
        roles_read_at_sign_in: frozenset[Role] | None = None
    else:
        session_key = None
        read_with_user = MappingProxyType({})
        roles_read_at_sign_in = None

    role_grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    patient_profile: Mapped["PatientProfile | None"] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    therapist_profile: Mapped["TherapistProfile | None"] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    desk_profile: Mapped["DeskProfile | None"] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def roles(self) -> frozenset[Role]:
        # Every page asks the signed-in user's roles: the sign-in statement reads them as a
        # column, as loading RoleGrant objects made every page load a second kind of object.
        # Once the grants themselves are loaded (a role given or taken since), they answer.
        if self.roles_read_at_sign_in is not None and "role_grants" not in self.__dict__:
            return self.roles_read_at_sign_in
        return frozenset(grant.role for grant in self.role_grants)

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def can_log_in(self) -> bool:
        """False for a guest or a caller the desk booked, until they choose a password."""
        return is_usable_password(self.password_hash) and not self.email.endswith(".invalid")

    def as_therapist(self) -> "TherapistProfile":
        """The therapist profile of someone known to be a therapist (else a caller's bug)."""
        if self.therapist_profile is None:
            raise LookupError(f"{self!r} is not a therapist")
        return self.therapist_profile

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key}"

    def grant(self, role: Role) -> None:
        if role not in self.roles:
            self.role_grants.append(RoleGrant(role=role))

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class LoginSession(Model):
    """One login on one device: logging out deletes it, so a copied cookie is worth nothing."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # sha256 of the session's random key: a leaked table does not open anyone's session.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    remembered: Mapped[bool] = mapped_column(default=False)
    device: Mapped[str] = mapped_column(String(120), default="")

    user: Mapped[User] = relationship()


class LoginThrottle(Model):
    """Recent failed logins under one key: an email's hash (known or not) or a device's."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class RoleGrant(Model):
    __tablename__ = "role_grants"
    # Staff lists find the few staff among many thousand patients by role (the key, user id
    # first, serves "this user's roles").
    __table_args__ = (Index("ix_role_grants_role_user_id", "role", "user_id"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_grants")


class PatientProfile(Model):
    __tablename__ = "patient_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    date_of_birth: Mapped[date | None]
    primary_centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id"), index=True)
    privacy_consent_at: Mapped[datetime] = mapped_column(UtcDateTime)

    user: Mapped[User] = relationship(back_populates="patient_profile")
    primary_centre: Mapped["Centre | None"] = relationship()


class TherapistProfile(Model):
    __tablename__ = "therapist_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"))
    does_home_visits: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship(back_populates="therapist_profile")
    centre: Mapped["Centre"] = relationship()


class DeskProfile(Model):
    __tablename__ = "desk_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"))

    user: Mapped[User] = relationship(back_populates="desk_profile")
    city: Mapped["City"] = relationship()


class CareRelationship(Model):
    """A therapist who treats a patient: one row while they have a plan or an appointment
    together (any status), with how many of each.

    Written by the database, never by the portal: triggers on treatment_plans and
    appointments count each row in and out as it is written, moved to another therapist or
    patient, or deleted (and count again after a TRUNCATE), so the table is right after any
    write, the portal's or not (migration 3c5e8f1a9b27 holds them, for SQLite and
    PostgreSQL; a migration that rebuilds either table on SQLite must create them again).
    Who a therapist treats is then a few index entries (scope.patients_treated_by), not
    their whole appointment history read again on every dashboard."""

    __tablename__ = "care_relationships"
    __table_args__ = (
        CheckConstraint("plans >= 0 AND appointments >= 0", name="counts_not_negative"),
    )

    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    plans: Mapped[int]
    appointments: Mapped[int]
