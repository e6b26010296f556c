"""The technique library's starter texts, translated through the catalogue.

The texts live in the database (seeded from library.py and exercise_library.py; admins may
edit them), so no `_()` marks them in the code. `extract_starter_content` hands each starter
text to `pybabel extract` (see babel.cfg), and `shown` translates a text only while it is still
the starter wording: an edited text is not in the catalogue, so it is shown as the admin wrote
it, never as a translation of the wording it replaced.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from portal.guide.models import TechniqueLike
from portal.languages import translations

# What a patient reads of a technique. Codes and pinyin names are never translated.
TRANSLATED_FIELDS = ("name", "meridian", "summary", "location", "benefits", "how_to", "cautions")
_STARTERS = ("STARTER_POINTS", "STARTER_EXERCISES")


def extract_starter_content(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, None, str, list[str]]]:
    """A Babel extraction method: (line, funcname, message, comments) for each patient-facing
    text of the starter entries defined in `fileobj`."""
    source = fileobj.read().decode("utf-8")
    namespace: dict[str, Any] = {}
    exec(compile(source, getattr(fileobj, "name", "<starter content>"), "exec"), namespace)  # noqa: S102  (our own module, read at extraction time)
    lines = source.splitlines()
    for name in _STARTERS:
        for entry in namespace.get(name, ()):
            line = _line_of(lines, f'"code": "{entry["code"]}"')
            for field in TRANSLATED_FIELDS:
                if entry.get(field):
                    yield line, None, entry[field], [f"{entry['code']} {field}"]


def _line_of(lines: list[str], text: str) -> int:
    return next((number for number, line in enumerate(lines, 1) if text in line), 0)


@dataclass(frozen=True)
class TechniqueTexts:
    """A technique's words as the patient reads them."""

    title: str
    name: str
    meridian: str | None
    summary: str
    location: str | None
    benefits: str
    how_to: str
    cautions: str


def technique_texts(technique: TechniqueLike) -> TechniqueTexts:
    catalogue = translations()  # found once for the eight texts (a day's page shows ten items)

    def shown(text: str) -> str:
        """`text` in the response's language if it is a starter text, else as it is."""
        return catalogue.ugettext(text) if text else text

    name = shown(technique.name)
    return TechniqueTexts(
        title=technique.title if technique.is_acupressure else name,
        name=name,
        meridian=shown(technique.meridian) if technique.meridian else None,
        summary=shown(technique.summary),
        location=shown(technique.location) if technique.location else None,
        benefits=shown(technique.benefits),
        how_to=shown(technique.how_to),
        cautions=shown(technique.cautions),
    )
