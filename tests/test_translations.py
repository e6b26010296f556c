"""Nothing a patient reads is left untranslated: every string marked in the code has a
translation in Hindi, Kannada and Telugu, and no translation drops or invents a placeholder,
a point code or a phone number. The strings come from the code itself (the same extraction as
`make translations-extract`), so a string marked and not translated fails here."""

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from portal.languages import TRANSLATED

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
# What must be copied as it is: point codes (BL23, GB30) and numbers of three or more digits
# (112, phone numbers).
KEPT_AS_IS = re.compile(r"\b[A-Z]{2}\d{1,2}\b|\d{3,}")


@cache
def marked_strings() -> dict[str, str]:
    """Each marked msgid (a plural's singular) → the file it was found in."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, str] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, filename)
    return found


@cache
def catalogue(language: str):
    with open(
        ROOT / "portal" / "translations" / language / "LC_MESSAGES" / "messages.po", "rb"
    ) as po:
        return read_po(po, locale=language)


def _forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_the_code_marks_strings_for_translation():
    assert len(marked_strings()) > 20  # the base page alone marks more: extraction works


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_is_translated(language):
    untranslated = []
    for msgid, found_in in marked_strings().items():
        message = catalogue(language).get(msgid)
        if message is None or "fuzzy" in message.flags or not all(_forms(message)):
            untranslated.append(f"{found_in}: {msgid!r}")
    assert not untranslated, f"{len(untranslated)} without a {language} translation:\n" + "\n".join(
        untranslated[:40]
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders_codes_and_numbers(language):
    broken = []
    for message in catalogue(language):
        if not message.id or not all(_forms(message)):
            continue
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        for form in _forms(message):
            if sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(source)):
                broken.append(f"placeholders differ: {source!r} → {form!r}")
            missing = [kept for kept in KEPT_AS_IS.findall(source) if kept not in form]
            if missing:
                broken.append(f"{missing} not kept: {source!r} → {form!r}")
    assert not broken, "\n".join(broken[:40])


def test_the_check_catches_a_dropped_placeholder():
    # The rule above, on a broken translation: the test is not vacuous.
    source, translated = "Hello %(name)s, see BL23 or call 112", "नमस्ते, BL23 देखें"
    assert sorted(PLACEHOLDER.findall(translated)) != sorted(PLACEHOLDER.findall(source))
    assert [kept for kept in KEPT_AS_IS.findall(source) if kept not in translated] == ["112"]
