"""Safety rules for home acupressure: what the screening answers block, and red flags."""

import enum
from dataclasses import dataclass
from datetime import datetime


class Pregnancy(enum.StrEnum):
    NO = "no"
    YES = "yes"
    NOT_SURE = "not_sure"


@dataclass(frozen=True)
class ScreeningAnswers:
    pregnancy: Pregnancy
    high_blood_pressure: bool
    skin_problems: bool  # open wounds, varicose veins or inflamed skin near a point
    answered_at: datetime


class Block(enum.StrEnum):
    """Why an acupressure item may not be started yet."""

    NEEDS_SCREENING = "needs_screening"
    PREGNANCY = "pregnancy"
    HIGH_BLOOD_PRESSURE = "high_blood_pressure"

    @property
    def patient_message(self) -> str:
        return _PATIENT_MESSAGES[self]

    @property
    def therapist_warning(self) -> str:
        return _THERAPIST_WARNINGS[self]


_PATIENT_MESSAGES = {
    Block.NEEDS_SCREENING: "Answer the safety questions before your first acupressure session.",
    Block.PREGNANCY: "Ask your therapist first: this point is traditionally avoided in pregnancy.",
    Block.HIGH_BLOOD_PRESSURE: "Ask your therapist first: with high blood pressure, your "
    "therapist needs to confirm acupressure is right for you.",
}
_THERAPIST_WARNINGS = {
    Block.NEEDS_SCREENING: "The patient has not answered the safety screening yet.",
    Block.PREGNANCY: "The patient is or may be pregnant, and this point is traditionally "
    "avoided in pregnancy.",
    Block.HIGH_BLOOD_PRESSURE: "The patient reports high blood pressure.",
}


def screening_concerns(avoid_in_pregnancy: bool, answers: ScreeningAnswers) -> list[Block]:
    """What the answers say about one acupressure point, most serious first."""
    concerns = []
    if avoid_in_pregnancy and answers.pregnancy in (Pregnancy.YES, Pregnancy.NOT_SURE):
        concerns.append(Block.PREGNANCY)
    if answers.high_blood_pressure:
        concerns.append(Block.HIGH_BLOOD_PRESSURE)
    return concerns


def acupressure_block(
    avoid_in_pregnancy: bool,
    answers: ScreeningAnswers | None,
    therapist_confirmed_at: datetime | None,
) -> Block | None:
    """Why the patient may not start this point now, or None when they may.

    A therapist's explicit confirmation lifts a concern, but only if it was given after the
    answers it was about: new answers need a new look.
    """
    if answers is None:
        return Block.NEEDS_SCREENING
    concerns = screening_concerns(avoid_in_pregnancy, answers)
    if not concerns:
        return None
    if therapist_confirmed_at is not None and therapist_confirmed_at >= answers.answered_at:
        return None
    return concerns[0]


class RedFlag(enum.StrEnum):
    SADDLE_NUMBNESS = "saddle_numbness"
    BLADDER_BOWEL = "bladder_bowel"
    LEG_WEAKNESS = "leg_weakness"
    FEVER = "fever"
    FALL_OR_INJURY = "fall_or_injury"

    @property
    def question(self) -> str:
        return _RED_FLAG_QUESTIONS[self]


_RED_FLAG_QUESTIONS = {
    RedFlag.SADDLE_NUMBNESS: "Numbness or tingling around your groin, buttocks or inner thighs",
    RedFlag.BLADDER_BOWEL: "New trouble passing urine, or controlling your bladder or bowels",
    RedFlag.LEG_WEAKNESS: "Weakness in one or both legs that is getting worse",
    RedFlag.FEVER: "Fever or feeling very unwell along with your back pain",
    RedFlag.FALL_OR_INJURY: "Back pain that started after a recent fall, accident or injury",
}


def urgent_care_needed(answers: set[RedFlag]) -> bool:
    return bool(answers)
