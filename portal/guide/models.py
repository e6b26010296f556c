"""The technique library: the acupressure points (and, later, exercises) programs use."""

import enum

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db_types import enum_type
from portal.extensions import db
from portal.guide.diagrams import DiagramView


class TechniqueKind(enum.StrEnum):
    ACUPRESSURE = "acupressure"
    EXERCISE = "exercise"


class PointSides(enum.StrEnum):
    """Where a point is pressed: on both sides of the body, or once on the midline."""

    BOTH = "both"
    MIDLINE = "midline"


class Technique(db.Model):
    __tablename__ = "techniques"
    __table_args__ = (
        CheckConstraint(
            "default_hold_seconds BETWEEN 10 AND 600", name="default_hold_seconds_range"
        ),
        CheckConstraint(
            "diagram_x BETWEEN 0 AND 200 AND diagram_y BETWEEN 0 AND 300",
            name="diagram_position_in_view",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TechniqueKind] = mapped_column(enum_type(TechniqueKind, "technique_kind"))
    code: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. BL23
    name: Mapped[str] = mapped_column(String(120))  # English name
    pinyin_name: Mapped[str | None] = mapped_column(String(60))
    meridian: Mapped[str | None] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(String(160))  # one line for lists
    location: Mapped[str] = mapped_column(Text)  # how to find it
    benefits: Mapped[str] = mapped_column(Text)  # what it is used for
    how_to: Mapped[str] = mapped_column(Text)  # how to press
    sides: Mapped[PointSides] = mapped_column(enum_type(PointSides, "point_sides"))
    cautions: Mapped[str] = mapped_column(Text)
    avoid_in_pregnancy: Mapped[bool] = mapped_column(default=False)
    default_hold_seconds: Mapped[int]
    diagram_view: Mapped[DiagramView] = mapped_column(enum_type(DiagramView, "diagram_view"))
    diagram_x: Mapped[float]  # in the view's 200 × 300 drawing; for paired points, the left one
    diagram_y: Mapped[float]
    sort_order: Mapped[int] = mapped_column(default=0)
    archived: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<Technique {self.code}>"
