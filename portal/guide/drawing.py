"""Body diagrams drawn once, not on every request: the SVG depends only on the technique's
point (code, view, markers) and the size shown, so every patient's /today reuses it."""

from functools import lru_cache

from flask import current_app
from jinja2 import Environment
from markupsafe import Markup

from portal.guide.diagrams import Diagram, Marker

DRAWINGS_KEPT = 1024  # techniques × views × sizes: a few hundred in all
_SUFFIX = "-DIAGRAM-SUFFIX"  # stands for the page's own id suffix in the cached drawing


def body_diagram_svg(diagram: Diagram, size: str = "", id_suffix: str = "") -> Markup:
    drawn = _drawn(current_app.jinja_env, diagram.code, diagram.view, tuple(diagram.markers), size)
    return drawn.replace(_SUFFIX, id_suffix)  # Markup.replace escapes the suffix


@lru_cache(maxsize=DRAWINGS_KEPT)
def _drawn(env: Environment, code, view, markers: tuple[Marker, ...], size) -> Markup:
    module = env.get_template("guide/_diagram.html").module
    macro = module.body_diagram  # type: ignore[attr-defined]  # macros are set at run time
    return Markup(macro(Diagram(code, view, list(markers)), size, _SUFFIX))  # noqa: S704  (our template's output, autoescaped)
