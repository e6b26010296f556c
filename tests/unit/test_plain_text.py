import unicodedata

import pytest

from portal.plain_text import clean_text

RLO = "\u202e"


@pytest.mark.parametrize(
    "invisible",
    [
        "\u202a", "\u202b", "\u202c", "\u202d", RLO,  # bidi embeddings and overrides
        "\u2066", "\u2067", "\u2068", "\u2069",  # bidi isolates
        "\u200e", "\u200f", "\u061c",  # bidi marks
        "\u200b", "\u2060", "\ufeff",  # zero-width space, word joiner, BOM
        "\x00", "\x07", "\x1b", "\x7f", "\x9b",  # C0 and C1 controls
    ],
)  # fmt: skip
def test_invisible_characters_are_dropped(invisible):
    assert clean_text(f"Ro{invisible}han") == "Rohan"
    assert clean_text(f"Ro{invisible}han", multiline=True) == "Rohan"


@pytest.mark.parametrize("joiner", ["\u200c", "\u200d"])
def test_the_joiners_that_spell_indic_names_are_kept(joiner):
    # Kannada ಕ್ + ZWNJ + ಷ is written differently from the conjunct ಕ್ಷ: the joiner is spelling.
    name = f"ಲಕ್{joiner}ಷ್ಮಿ"
    assert clean_text(name) == unicodedata.normalize("NFC", name)


def test_a_right_to_left_override_no_longer_reverses_a_name():
    assert clean_text(f"Meera {RLO}riaN") == "Meera riaN"


def test_a_single_line_turns_line_breaks_and_tabs_into_spaces():
    assert clean_text("Anita\tDesai\nKoramangala\r\n") == "Anita Desai Koramangala  "


def test_multi_line_text_keeps_its_lines_and_tabs():
    note = "Hold 90 s.\r\nThen rest.\rTwice a day:\tmorning and night."
    assert clean_text(note, multiline=True) == (
        "Hold 90 s.\nThen rest.\nTwice a day:\tmorning and night."
    )


def test_text_is_normalised_to_nfc():
    decomposed = "Jose\u0301 Ram\u0101\u0304"  # e + combining acute
    assert clean_text("Jose\u0301") == "José"
    assert unicodedata.is_normalized("NFC", clean_text(decomposed))


def test_a_dropped_character_between_a_letter_and_its_accent_still_gives_nfc():
    assert clean_text("e\u200b\u0301") == "\u00e9"


@pytest.mark.parametrize(
    "text",
    ["Rohan Kulkarni", "ರೋಹನ್ ಕುಲಕರ್ಣಿ", "రోహన్", "सुरेश बाबू", "زویا خان", "😀 fine", "+91 98450 12345"],
)
def test_visible_text_in_any_script_is_kept(text):
    assert clean_text(text) == unicodedata.normalize("NFC", text)
