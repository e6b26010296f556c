"""The rules of treatment notes and the back-pain template, without the app."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.notes.rules import (
    NoteLocked,
    NoteNotSigned,
    NoteText,
    Reader,
    check_addendum_allowed,
    check_editable,
    may_add_addendum,
    may_read,
    may_write,
    missing_to_sign,
)
from portal.notes.template import (
    FIELDS,
    clean_findings,
    has_examination,
    red_flags_reported,
    shown,
)

NOW = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
SIGNED = NOW - timedelta(hours=1)


def text(**changes) -> NoteText:
    complete = {
        "subjective": "Low back ache since Monday, worse sitting.", "objective": "",
        "assessment": "Mechanical LBP.", "plan": "McKenzie extension, review in a week.",
        "findings": {"rom_flexion_grade": "half"}, "summary": "", "share_summary": False,
    }  # fmt: skip
    return NoteText(**{**complete, **changes})


# Locked after signing; addenda only after signing.


def test_a_draft_can_be_edited_and_a_signed_note_cannot():
    check_editable(None)
    with pytest.raises(NoteLocked):
        check_editable(SIGNED)


def test_an_addendum_needs_a_signed_note():
    check_addendum_allowed(SIGNED)
    with pytest.raises(NoteNotSigned):
        check_addendum_allowed(None)


# Who writes.


@pytest.mark.parametrize(
    ("therapist_id", "status", "starts_at", "allowed"),
    [
        (7, "booked", NOW - timedelta(minutes=1), True),
        (7, "completed", NOW - timedelta(days=3), True),
        (7, "booked", NOW, True),
        (7, "booked", NOW + timedelta(minutes=1), False),  # not begun
        (7, "cancelled", NOW - timedelta(hours=1), False),
        (7, "no_show", NOW - timedelta(hours=1), False),
        (8, "completed", NOW - timedelta(hours=1), False),  # another therapist's session
    ],
)
def test_only_the_sessions_own_therapist_writes_once_it_has_begun(
    therapist_id, status, starts_at, allowed
):
    assert may_write(therapist_id, 7, status, starts_at, NOW) is allowed


# What signing needs.


def test_a_complete_note_may_be_signed():
    assert missing_to_sign(text()) == {}


@pytest.mark.parametrize("section", ["subjective", "assessment", "plan"])
def test_signing_needs_the_story_the_assessment_and_the_plan(section):
    assert list(missing_to_sign(text(**{section: "  "}))) == [section]


def test_something_objective_is_written_or_found_in_the_examination():
    assert list(missing_to_sign(text(findings={}))) == ["objective"]
    assert missing_to_sign(text(findings={}, objective="Guarded gait.")) == {}
    # Red-flag answers are history, not an examination.
    assert list(missing_to_sign(text(findings={"red_flag_saddle": "no"}))) == ["objective"]


def test_a_summary_to_share_must_be_written():
    assert list(missing_to_sign(text(share_summary=True))) == ["summary"]
    assert missing_to_sign(text(share_summary=True, summary="Keep walking daily.")) == {}


# Who reads.

AUTHOR = Reader(is_admin=False, is_desk=False, treats_patient=True, is_author=True)
COLLEAGUE = Reader(is_admin=False, is_desk=False, treats_patient=True, is_author=False)
NOT_TREATING = Reader(is_admin=False, is_desk=False, treats_patient=False, is_author=False)
DESK = Reader(is_admin=False, is_desk=True, treats_patient=False, is_author=False)
ADMIN = Reader(is_admin=True, is_desk=False, treats_patient=False, is_author=False)


@pytest.mark.parametrize(
    ("reader", "draft", "signed"),
    [
        (AUTHOR, True, True),
        (COLLEAGUE, False, True),
        (NOT_TREATING, False, False),
        (DESK, False, False),
        (ADMIN, False, True),
        # The desk never reads a note, even one who also treats the patient.
        (Reader(is_admin=False, is_desk=True, treats_patient=True, is_author=False), False, False),
    ],
)
def test_treating_therapists_and_admins_read_signed_notes_and_drafts_stay_the_authors(
    reader, draft, signed
):
    assert may_read(reader, signed=False) is draft
    assert may_read(reader, signed=True) is signed


@pytest.mark.parametrize(
    ("reader", "allowed"),
    [(AUTHOR, True), (COLLEAGUE, True), (NOT_TREATING, False), (DESK, False), (ADMIN, False)],
)
def test_treating_therapists_add_addenda_under_signed_notes_only(reader, allowed):
    assert may_add_addendum(reader, signed=True) is allowed
    assert may_add_addendum(reader, signed=False) is False


# The template.


def test_findings_keep_valid_values_and_drop_blanks():
    findings, errors = clean_findings({
        "rom_flexion_grade": "half", "rom_flexion_degrees": 40, "slr_left_angle": 45,
        "slr_left_result": "positive", "neuro_reflex_S1_left": "absent", "red_flag_saddle": "no",
        "rom_extension_grade": "", "slr_right_angle": None, "made_up": "x",
    })  # fmt: skip
    assert errors == {}
    assert findings == {
        "rom_flexion_grade": "half", "rom_flexion_degrees": 40, "slr_left_angle": 45,
        "slr_left_result": "positive", "neuro_reflex_S1_left": "absent", "red_flag_saddle": "no",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("key", "value"),
    [("rom_flexion_grade", "bendy"), ("neuro_myotome_L5_right", "brisk"), ("slr_left_angle", 111),
     ("slr_left_angle", -1), ("rom_extension_degrees", "30"), ("red_flag_fever", True)],
)  # fmt: skip
def test_findings_refuse_values_outside_the_template(key, value):
    findings, errors = clean_findings({key: value})
    assert findings == {} and list(errors) == [key]


def test_the_neurological_screen_covers_l4_to_s1_on_both_sides_for_each_test():
    neuro = {field.key for field in FIELDS if field.group == "neuro"}
    assert neuro == {
        f"neuro_{test}_{level}_{side}"
        for test in ("myotome", "dermatome", "reflex")
        for level in ("L4", "L5", "S1")
        for side in ("left", "right")
    }


def test_reported_red_flags_and_examination_are_read_from_the_findings():
    findings = {"red_flag_saddle": "yes", "red_flag_fever": "no", "red_flag_injury": "yes"}
    assert red_flags_reported(findings) == [
        "Numbness in the saddle area",
        "A recent fall or injury",
    ]
    assert not has_examination(findings)
    assert has_examination({**findings, "neuro_dermatome_L5_left": "reduced"})


def test_findings_read_as_people_write_them():
    findings = {"rom_flexion_grade": "three_quarters", "slr_right_angle": 60}
    assert shown("rom_flexion_grade", findings) == "¾ range"
    assert shown("slr_right_angle", findings) == "60°"
    assert shown("slr_left_angle", findings) == "–"
