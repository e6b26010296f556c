"""Ready-made values for the guide templates, so templates only lay them out."""

from dataclasses import dataclass

from portal.guide.diagrams import Diagram, point_diagram
from portal.guide.dose import acupressure_dose_sentence
from portal.guide.models import PointSides, Technique


@dataclass(frozen=True)
class PointPage:
    code: str
    name: str
    pinyin_name: str | None
    meridian: str | None
    summary: str
    location: str
    benefits: str
    how_to: str
    cautions: str
    avoid_in_pregnancy: bool
    dose: str
    sides_text: str
    diagram: Diagram

    @property
    def title(self) -> str:
        return f"{self.code} {self.pinyin_name}" if self.pinyin_name else self.code


def present_point(technique: Technique) -> PointPage:
    paired = technique.sides is PointSides.BOTH
    return PointPage(
        code=technique.code,
        name=technique.name,
        pinyin_name=technique.pinyin_name,
        meridian=technique.meridian,
        summary=technique.summary,
        location=technique.location,
        benefits=technique.benefits,
        how_to=technique.how_to,
        cautions=technique.cautions,
        avoid_in_pregnancy=technique.avoid_in_pregnancy,
        dose=acupressure_dose_sentence(technique.default_hold_seconds, technique.default_side),
        sides_text="Both sides of the body" if paired else "Once, on the midline of the spine",
        diagram=technique_diagram(technique),
    )


def technique_diagram(technique: Technique, side=None) -> Diagram:
    """The body diagram of a point, with markers on `side` (default: where it is pressed)."""
    return point_diagram(
        technique.code,
        technique.diagram_view,
        technique.diagram_x,
        technique.diagram_y,
        side or technique.default_side,
    )
