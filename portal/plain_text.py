"""Text as people mean it: without the invisible characters that change how it reads.

A name typed with U+202E (RIGHT-TO-LEFT OVERRIDE) shows reversed, and so does whatever the
page prints after it; zero-width and control characters make two names that look alike
compare different. Every text field of every form passes what was typed through
`clean_text` (portal/forms.py binds it).
"""

import unicodedata

# Control (Cc) and format (Cf) characters: C0/C1 controls, bidi embeddings, overrides,
# isolates and marks, zero-width spaces, the word joiner, the byte-order mark.
_INVISIBLE_CATEGORIES = {"Cc", "Cf"}
_KEPT_IN_MULTILINE_TEXT = {"\n", "\t"}
# Zero-width non-joiner and joiner choose how Kannada, Telugu and Devanagari letters combine
# (ಕ್‌ಷ vs ಕ್ಷ): part of how a name is spelt, not an invisible trick.
_INDIC_JOINERS = {"\u200c", "\u200d"}


def clean_text(text: str, multiline: bool = False) -> str:
    """`text` without control and format characters, in NFC. A line break or tab stays in
    multi-line text and becomes a space in a single line (a name pasted across two lines
    keeps its words apart)."""
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(_clean_character(character, multiline) for character in text)
    return unicodedata.normalize("NFC", kept)


def _clean_character(character: str, multiline: bool) -> str:
    if character in _INDIC_JOINERS or unicodedata.category(character) not in _INVISIBLE_CATEGORIES:
        return character
    if multiline and character in _KEPT_IN_MULTILINE_TEXT:
        return character
    return " " if character.isspace() else ""
