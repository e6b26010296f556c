"""Body diagrams drawn once, not on every request: the SVG depends only on the technique's
point (code, view, markers) and where the page shows it, so /today reuses what it drew."""

from functools import lru_cache

from flask import current_app
from jinja2 import Environment
from markupsafe import Markup

from portal.guide.diagrams import Diagram, Marker

DRAWINGS_KEPT = 4096  # techniques × sizes × items on screen: a few hundred in practice


def body_diagram_svg(diagram: Diagram, size: str = "", id_suffix: str = "") -> Markup:
    key = (diagram.code, diagram.view, tuple(diagram.markers), size, id_suffix)
    return _drawn(current_app.jinja_env, *key)


@lru_cache(maxsize=DRAWINGS_KEPT)
def _drawn(env: Environment, code, view, markers: tuple[Marker, ...], size, id_suffix) -> Markup:
    macro = env.get_template("guide/_diagram.html").module.body_diagram
    return Markup(macro(Diagram(code, view, list(markers)), size, id_suffix))  # noqa: S704  (our template's output, autoescaped)
