"""Column types shared by the feature models."""

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend.

    SQLite has no timezone support and hands back naive values; we refuse naive values on the
    way in and mark values read back as UTC, so the domain never sees a naive datetime.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None or value.tzinfo is UTC:  # PostgreSQL's, read in UTC (portal/app.py)
            return value
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_type(enum_class: type[enum.Enum], name: str) -> Enum:
    """An enum stored as its string value with a CHECK constraint, the same on every backend."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def compared_with_models(_obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object: PostgreSQL's trigram indexes (…_trgm, made by a migration,
    pg_trgm GIN) stay out of the comparison with the models, which do not declare them:
    SQLite has no such index."""
    return not (type_ == "index" and reflected and compare_to is None and name.endswith("_trgm"))
