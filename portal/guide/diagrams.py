"""Where to draw a point's marker on our body diagrams."""

import enum
from dataclasses import dataclass
from typing import NamedTuple

from portal.guide.dose import Side
from portal.languages import lazy_gettext as _l

VIEW_WIDTH = 200
VIEW_HEIGHT = 300


class DiagramView(enum.StrEnum):
    BACK = "back"
    LEGS_BACK = "legs_back"
    ANKLE_INNER = "ankle_inner"
    ANKLE_OUTER = "ankle_outer"


VIEW_TITLES = {
    DiagramView.BACK: _l("The back, seen from behind"),
    DiagramView.LEGS_BACK: _l("The backs of the legs"),
    DiagramView.ANKLE_INNER: _l("The inside of the ankle"),
    DiagramView.ANKLE_OUTER: _l("The outside of the ankle"),
}

# Views that show both sides of the body: a paired point is drawn on each side.
SYMMETRIC_VIEWS = frozenset({DiagramView.BACK, DiagramView.LEGS_BACK})


class Marker(NamedTuple):
    x: float
    y: float


def diagram_markers(view: DiagramView, x: float, y: float, side: Side) -> list[Marker]:
    """The markers to draw for a point pressed on `side`.

    (x, y) is the point on the left of the drawing. The two-sided views show the body from
    behind, so the patient's left is the drawing's left; a one-ankle view has one marker.
    """
    if view not in SYMMETRIC_VIEWS or x == VIEW_WIDTH / 2:
        return [Marker(x, y)]
    mirrored = Marker(VIEW_WIDTH - x, y)
    return {
        Side.BOTH: [Marker(x, y), mirrored],
        Side.LEFT: [Marker(x, y)],
        Side.RIGHT: [mirrored],
        Side.NONE: [Marker(x, y)],
    }[side]


@dataclass(frozen=True)
class Diagram:
    """What the body-diagram macro draws: a view with the point's markers."""

    code: str
    view: DiagramView
    markers: list[Marker]

    @property
    def title(self) -> str:
        return str(VIEW_TITLES[self.view])  # in the response's language


def point_diagram(code: str, view: DiagramView, x: float, y: float, side: Side) -> Diagram:
    return Diagram(code=code, view=view, markers=diagram_markers(view, x, y, side))
