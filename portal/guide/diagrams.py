"""Where to draw a point's marker on our body diagrams."""

import enum
from typing import NamedTuple

VIEW_WIDTH = 200
VIEW_HEIGHT = 300


class DiagramView(enum.StrEnum):
    BACK = "back"
    LEGS_BACK = "legs_back"
    ANKLE_INNER = "ankle_inner"
    ANKLE_OUTER = "ankle_outer"


VIEW_TITLES = {
    DiagramView.BACK: "The back, seen from behind",
    DiagramView.LEGS_BACK: "The backs of the legs",
    DiagramView.ANKLE_INNER: "The inside of the ankle",
    DiagramView.ANKLE_OUTER: "The outside of the ankle",
}

# Views that show both sides of the body: a paired point is drawn on each side.
SYMMETRIC_VIEWS = frozenset({DiagramView.BACK, DiagramView.LEGS_BACK})


class Marker(NamedTuple):
    x: float
    y: float


def diagram_markers(view: DiagramView, x: float, y: float, paired: bool) -> list[Marker]:
    """The markers to draw: mirrored across the midline for a paired point in a two-sided view."""
    marker = Marker(x, y)
    if paired and view in SYMMETRIC_VIEWS and x != VIEW_WIDTH / 2:
        return [marker, Marker(VIEW_WIDTH - x, y)]
    return [marker]
