"""Ready-made values for the guide templates, so templates only lay them out."""

from dataclasses import dataclass

from portal.guide.diagrams import Diagram, point_diagram
from portal.guide.dose import acupressure_dose_sentence
from portal.guide.models import PointSides, Technique, TechniqueLike
from portal.guide.translatable import technique_texts
from portal.languages import gettext as _


@dataclass(frozen=True)
class PointPage:
    code: str
    name: str
    pinyin_name: str | None
    meridian: str | None
    summary: str
    location: str | None  # the database requires one for a point (acupressure_has_location)
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
    texts = technique_texts(technique)
    return PointPage(
        code=technique.code,
        name=texts.name,
        pinyin_name=technique.pinyin_name,
        meridian=texts.meridian,
        summary=texts.summary,
        location=texts.location,
        benefits=texts.benefits,
        how_to=texts.how_to,
        cautions=texts.cautions,
        avoid_in_pregnancy=technique.avoid_in_pregnancy,
        dose=acupressure_dose_sentence(technique.default_hold_seconds, technique.default_side),
        sides_text=(
            _("Both sides of the body") if paired else _("Once, on the midline of the spine")
        ),
        diagram=technique_diagram(technique),
    )


def technique_diagram(technique: TechniqueLike, side=None) -> Diagram:
    """The body diagram of a point, with markers on `side` (default: where it is pressed)."""
    view, x, y = technique.diagram_view, technique.diagram_x, technique.diagram_y
    if view is None or x is None or y is None:  # the database requires them of a point
        raise ValueError(f"{technique.code} is not an acupressure point: it has no diagram")
    return point_diagram(technique.code, view, x, y, side or technique.default_side)
