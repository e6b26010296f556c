"""Checking a therapist's draft of program items before it is published.

Plain values in, plain values out: the program editor and the template copy both use it, and
unit tests call it directly.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from portal.guide.dose import Side
from portal.programs.models import HOLD_SECONDS_RANGE, TIMES_PER_DAY_RANGE
from portal.safety.rules import Block, ScreeningAnswers, screening_concerns


@dataclass(frozen=True)
class TechniqueFacts:
    id: int
    code: str
    name: str
    is_acupressure: bool
    paired: bool  # a point on both sides of the body (False for midline points and exercises)
    avoid_in_pregnancy: bool
    archived: bool


@dataclass
class ItemDraft:
    technique_id: int
    hold_seconds: int
    side: Side
    times_per_day: int
    weekdays_mask: int
    sets: int | None = None
    reps: int | None = None
    patient_note: str | None = None
    safety_confirmed: bool = False


@dataclass
class DraftReview:
    """Errors block publishing; warnings need the therapist's explicit confirmation."""

    errors: dict[int, dict[str, str]] = field(default_factory=dict)  # row → field → message
    warnings: dict[int, list[Block]] = field(default_factory=dict)  # row → concerns

    @property
    def can_publish(self) -> bool:
        return not self.errors

    def _error(self, row: int, name: str, message: str) -> None:
        self.errors.setdefault(row, {}).setdefault(name, message)


def review_draft(
    drafts: Sequence[ItemDraft],
    techniques: Mapping[int, TechniqueFacts],
    screening: ScreeningAnswers | None,
) -> DraftReview:
    review = DraftReview()
    if not drafts:
        review._error(-1, "items", "Add at least one point or exercise.")
    first_row_of: dict[int, int] = {}
    for row, draft in enumerate(drafts):
        technique = techniques.get(draft.technique_id)
        if technique is None:
            review._error(row, "technique_id", "Choose a point or exercise from the library.")
            continue
        _check_once(review, row, technique, first_row_of.setdefault(technique.id, row))
        _check_dose(review, row, draft, technique)
        _check_safety(review, row, draft, technique, screening)
    return review


def _check_once(review: DraftReview, row: int, technique: TechniqueFacts, first_row: int):
    # A patient's session of a technique is one occurrence whichever row listed it (see
    # PracticeLog), so a program lists each technique once.
    if first_row != row:
        review._error(
            row,
            "technique_id",
            f"{technique.code} is already item {first_row + 1}: change or remove one of them.",
        )


def _check_dose(review: DraftReview, row: int, draft: ItemDraft, technique: TechniqueFacts):
    low, high = HOLD_SECONDS_RANGE
    if technique.archived:
        review._error(
            row, "technique_id", f"{technique.name} is archived: choose another technique."
        )
    if not low <= draft.hold_seconds <= high:
        review._error(row, "hold_seconds", f"Hold for {low} to {high} seconds.")
    low, high = TIMES_PER_DAY_RANGE
    if not low <= draft.times_per_day <= high:
        review._error(row, "times_per_day", f"Between {low} and {high} times a day.")
    if not 1 <= draft.weekdays_mask <= 0b1111111:
        review._error(row, "weekdays", "Choose at least one day of the week.")
    if technique.is_acupressure and not technique.paired and draft.side is not Side.NONE:
        review._error(row, "side", f"{technique.code} is on the midline: choose no side.")
    if technique.is_acupressure and technique.paired and draft.side is Side.NONE:
        review._error(row, "side", f"{technique.code} has a point on each side: choose a side.")
    if not technique.is_acupressure:
        if not draft.sets or not 1 <= draft.sets <= 10:
            review._error(row, "sets", "Give 1 to 10 sets.")
        if not draft.reps or not 1 <= draft.reps <= 50:
            review._error(row, "reps", "Give 1 to 50 repetitions.")


def _check_safety(
    review: DraftReview,
    row: int,
    draft: ItemDraft,
    technique: TechniqueFacts,
    screening: ScreeningAnswers | None,
) -> None:
    if not technique.is_acupressure or screening is None:
        return
    concerns = screening_concerns(technique.avoid_in_pregnancy, screening)
    if not concerns:
        return
    review.warnings[row] = concerns
    if not draft.safety_confirmed:
        review._error(
            row,
            "safety_confirmed",
            "Read the safety warning and tick to confirm you want to assign this point.",
        )
