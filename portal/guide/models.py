"""The technique library: the acupressure points (and, later, exercises) programs use."""

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db_types import enum_type
from portal.extensions import Model
from portal.guide.diagrams import DiagramView
from portal.guide.dose import Side


class TechniqueKind(enum.StrEnum):
    ACUPRESSURE = "acupressure"
    EXERCISE = "exercise"


class PointSides(enum.StrEnum):
    """Where a point is pressed: on both sides of the body, or once on the midline."""

    BOTH = "both"
    MIDLINE = "midline"

    @property
    def default_side(self) -> Side:
        return Side.BOTH if self is PointSides.BOTH else Side.NONE


class TechniqueTraits:
    """What a technique's columns say about it, for the model and for TechniqueFacts alike."""

    if TYPE_CHECKING:  # the columns these read; declared by each class (no column here)
        kind: TechniqueKind
        code: str
        name: str
        pinyin_name: str | None
        sides: PointSides | None

    @property
    def is_acupressure(self) -> bool:
        return self.kind is TechniqueKind.ACUPRESSURE

    @property
    def title(self) -> str:
        """What the patient's card calls it: 'BL23 Shenshu' for a point, the name otherwise."""
        return f"{self.code} {self.pinyin_name}" if self.is_acupressure else self.name

    @property
    def default_side(self) -> Side:
        return self.sides.default_side if self.sides else Side.NONE

    @property
    def illustration(self) -> str:
        """The template that draws an exercise."""
        return f"guide/exercises/{self.code.lower()}.svg.html"


class Technique(TechniqueTraits, Model):
    __tablename__ = "techniques"
    __table_args__ = (
        CheckConstraint(
            "default_hold_seconds BETWEEN 10 AND 600", name="default_hold_seconds_range"
        ),
        CheckConstraint(
            "diagram_x BETWEEN 0 AND 200 AND diagram_y BETWEEN 0 AND 300",
            name="diagram_position_in_view",
        ),
        CheckConstraint(
            "kind <> 'acupressure' OR (location IS NOT NULL AND sides IS NOT NULL "
            "AND diagram_view IS NOT NULL AND diagram_x IS NOT NULL AND diagram_y IS NOT NULL)",
            name="acupressure_has_location",
        ),
        # Spelled out with IS NOT NULL: a CHECK that evaluates to NULL passes.
        CheckConstraint(
            "kind <> 'exercise' "
            "OR (default_sets IS NOT NULL AND default_reps IS NOT NULL "
            "AND default_sets BETWEEN 1 AND 10 AND default_reps BETWEEN 1 AND 50)",
            name="exercise_has_sets_and_reps",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TechniqueKind] = mapped_column(enum_type(TechniqueKind, "technique_kind"))
    code: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. BL23
    name: Mapped[str] = mapped_column(String(120))  # English name
    pinyin_name: Mapped[str | None] = mapped_column(String(60))
    meridian: Mapped[str | None] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(String(160))  # one line for lists
    location: Mapped[str | None] = mapped_column(Text)  # how to find a point
    benefits: Mapped[str] = mapped_column(Text)  # what it is used for
    how_to: Mapped[str] = mapped_column(Text)  # how to press, or how to do the exercise
    sides: Mapped[PointSides | None] = mapped_column(enum_type(PointSides, "point_sides"))
    cautions: Mapped[str] = mapped_column(Text)
    avoid_in_pregnancy: Mapped[bool] = mapped_column(default=False)
    default_hold_seconds: Mapped[int]
    default_sets: Mapped[int | None] = mapped_column(SmallInteger)  # exercises
    default_reps: Mapped[int | None] = mapped_column(SmallInteger)  # exercises
    diagram_view: Mapped[DiagramView | None] = mapped_column(enum_type(DiagramView, "diagram_view"))
    diagram_x: Mapped[float | None]  # in the 200 × 300 drawing; for paired points, the left one
    diagram_y: Mapped[float | None]
    sort_order: Mapped[int] = mapped_column(default=0)
    archived: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<Technique {self.code}>"


@dataclass(frozen=True, slots=True)
class TechniqueFacts(TechniqueTraits):
    """A technique's columns as values, for a page that reads them without making a model
    object (a patient's day): what the cards and the diagrams use."""

    id: int
    kind: TechniqueKind
    code: str
    name: str
    pinyin_name: str | None
    meridian: str | None
    summary: str
    location: str | None
    benefits: str
    how_to: str
    sides: PointSides | None
    cautions: str
    avoid_in_pregnancy: bool
    diagram_view: DiagramView | None
    diagram_x: float | None
    diagram_y: float | None


# A technique as a page reads it: the model, or its columns as values.
TechniqueLike = Technique | TechniqueFacts
