from datetime import UTC, datetime

import pytest

from portal.guide.dose import Side
from portal.programs.drafts import ItemDraft, TechniqueFacts, review_draft
from portal.safety.rules import Block, Pregnancy, ScreeningAnswers
from portal.weekdays import EVERY_DAY

BL23 = TechniqueFacts(1, "BL23", "Kidney Shu", True, True, False, False)
GV4 = TechniqueFacts(2, "GV4", "Gate of Life", True, False, False, False)
BL60 = TechniqueFacts(3, "BL60", "Kunlun Mountains", True, True, True, False)
BRIDGE = TechniqueFacts(4, "BRIDGE", "Bridge", False, False, False, False)
OLD = TechniqueFacts(5, "OLD", "Retired stretch", False, False, False, True)
LIBRARY = {t.id: t for t in (BL23, GV4, BL60, BRIDGE, OLD)}
PREGNANT = ScreeningAnswers(Pregnancy.YES, False, False, datetime(2026, 11, 1, tzinfo=UTC))


def draft(technique=BL23, **changes):
    values = {
        "technique_id": technique.id,
        "hold_seconds": 90,
        "side": Side.BOTH if technique.paired else Side.NONE,
        "times_per_day": 2,
        "weekdays_mask": EVERY_DAY,
    }
    if not technique.is_acupressure:
        values |= {"sets": 2, "reps": 10, "hold_seconds": 10}
    return ItemDraft(**{**values, **changes})


def errors_of(*drafts, screening=None):
    return review_draft(list(drafts), LIBRARY, screening).errors


def test_a_sound_draft_can_be_published():
    review = review_draft([draft(), draft(GV4), draft(BRIDGE)], LIBRARY, None)
    assert review.can_publish
    assert review.warnings == {}


def test_an_empty_program_is_refused():
    assert errors_of() == {-1: {"items": "Add at least one point or exercise."}}


@pytest.mark.parametrize("seconds", [9, 601, 0])
def test_hold_outside_10_to_600_seconds(seconds):
    assert "hold_seconds" in errors_of(draft(hold_seconds=seconds))[0]


@pytest.mark.parametrize("times", [0, 7])
def test_times_per_day_outside_1_to_6(times):
    assert "times_per_day" in errors_of(draft(times_per_day=times))[0]


@pytest.mark.parametrize(
    "changes",
    [
        {"hold_seconds": 10}, {"hold_seconds": 600}, {"times_per_day": 1}, {"times_per_day": 6},
        {"weekdays_mask": 0b0000001}, {"weekdays_mask": 0b1000000}, {"weekdays_mask": EVERY_DAY},
    ],
)  # fmt: skip
def test_the_limits_themselves_are_allowed(changes):
    assert errors_of(draft(**changes)) == {}


@pytest.mark.parametrize("changes", [{"sets": 1}, {"sets": 10}, {"reps": 1}, {"reps": 50}])
def test_the_exercise_limits_themselves_are_allowed(changes):
    assert errors_of(draft(BRIDGE, **changes)) == {}


def test_no_day_past_sunday():
    assert "weekdays" in errors_of(draft(weekdays_mask=0b10000000))[0]


def test_no_weekday_chosen():
    assert (
        errors_of(draft(weekdays_mask=0))[0]["weekdays"] == "Choose at least one day of the week."
    )


def test_archived_technique():
    assert "archived" in errors_of(draft(OLD))[0]["technique_id"]


def test_unknown_technique():
    assert "technique_id" in errors_of(draft(technique_id=999))[0]


def test_midline_point_takes_no_side_and_paired_point_needs_one():
    assert "midline" in errors_of(draft(GV4, side=Side.LEFT))[0]["side"]
    assert "each side" in errors_of(draft(BL23, side=Side.NONE))[0]["side"]
    assert errors_of(draft(BL23, side=Side.RIGHT)) == {}


def test_exercises_need_sets_and_reps():
    found = errors_of(draft(BRIDGE, sets=None, reps=0))[0]
    assert set(found) == {"sets", "reps"}


def test_point_blocked_by_screening_needs_explicit_confirmation():
    unconfirmed = review_draft([draft(BL60)], LIBRARY, PREGNANT)
    assert unconfirmed.warnings == {0: [Block.PREGNANCY]}
    assert "safety_confirmed" in unconfirmed.errors[0]
    confirmed = review_draft([draft(BL60, safety_confirmed=True)], LIBRARY, PREGNANT)
    assert confirmed.can_publish
    assert confirmed.warnings == {0: [Block.PREGNANCY]}


def test_points_not_avoided_in_pregnancy_need_no_confirmation():
    assert review_draft([draft(BL23)], LIBRARY, PREGNANT).warnings == {}


def test_errors_are_kept_per_row():
    found = errors_of(draft(), draft(hold_seconds=5), draft(GV4, side=Side.BOTH))
    assert set(found) == {1, 2}


def test_a_technique_is_listed_once():
    errors = errors_of(draft(), draft(GV4), draft(BL23, hold_seconds=60))
    assert errors == {2: {"technique_id": "BL23 is already item 1: change or remove one of them."}}
