"""Drawings made once, not on every request: a body diagram depends only on the technique's
point (code, view, markers), the size shown and the language of its title, an exercise picture
only on its drawing, name, size and language, so every patient's /today reuses them."""

import re
from functools import lru_cache

from flask import current_app
from jinja2 import Environment
from markupsafe import Markup

from portal.guide.diagrams import Diagram, Marker
from portal.languages import current_language

DRAWINGS_KEPT = 1024  # techniques × views × sizes × languages: a few hundred in all
_SUFFIX = "-DIAGRAM-SUFFIX"  # stands for the page's own id suffix in the cached drawing
# The drawings' source notes ("Rear view of the torso…") are for us, not for every response.
_SOURCE_NOTE = re.compile(r"<!--.*?-->\s*", re.DOTALL)


def body_diagram_svg(diagram: Diagram, size: str = "", id_suffix: str = "") -> Markup:
    drawn = _drawn(
        current_app.jinja_env,
        diagram.code,
        diagram.view,
        tuple(diagram.markers),
        size,
        current_language(),
    )
    return drawn.replace(_SUFFIX, id_suffix)  # Markup.replace escapes the suffix


def exercise_picture_svg(template: str | None, name: str, size: str = "") -> Markup:
    """An exercise's picture (its drawing, else the generic one), labelled with its name."""
    return _pictured(current_app.jinja_env, template, name, size, current_language())


@lru_cache(maxsize=DRAWINGS_KEPT)
def _drawn(
    env: Environment, code, view, markers: tuple[Marker, ...], size, language: str
) -> Markup:
    # `language` keys the cache: the macro writes the title in the response's language.
    macro = env.get_template("guide/_diagram.html").module.body_diagram  # type: ignore[attr-defined]  # macros are set at run time
    return _without_notes(macro(Diagram(code, view, list(markers)), size, _SUFFIX))


@lru_cache(maxsize=DRAWINGS_KEPT)
def _pictured(
    env: Environment, template: str | None, name: str, size: str, language: str
) -> Markup:
    macro = env.get_template("guide/_diagram.html").module.exercise_picture  # type: ignore[attr-defined]  # macros are set at run time
    return _without_notes(macro(template, name, size))


def _without_notes(drawn: str) -> Markup:
    return Markup(_SOURCE_NOTE.sub("", drawn))  # noqa: S704  (our template's output, autoescaped)
