"""Safety rules for home acupressure: what the screening answers block, and red flags."""

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from portal.languages import N_
from portal.languages import gettext as _


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
        """In the language of the page that shows it (patients only read this)."""
        return _(_PATIENT_MESSAGES[self])

    @property
    def therapist_warning(self) -> str:
        return _THERAPIST_WARNINGS[self]


_PATIENT_MESSAGES = {
    Block.NEEDS_SCREENING: N_("Answer the safety questions before your first acupressure session."),
    Block.PREGNANCY: N_(
        "Ask your therapist first: this point is traditionally avoided in pregnancy."
    ),
    Block.HIGH_BLOOD_PRESSURE: N_(
        "Ask your therapist first: with high blood pressure, your therapist needs to confirm "
        "acupressure is right for you."
    ),
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
        """In English, as the flag's details keep it for staff; the patient's form shows
        gettext(question)."""
        return _RED_FLAG_QUESTIONS[self]

    @property
    def short(self) -> str:
        """How staff name it in one line: 'numbness in the saddle area'."""
        return _RED_FLAG_SHORT[self]


_RED_FLAG_QUESTIONS = {
    RedFlag.SADDLE_NUMBNESS: N_("Numbness or tingling around your groin, buttocks or inner thighs"),
    RedFlag.BLADDER_BOWEL: N_("New trouble passing urine, or controlling your bladder or bowels"),
    RedFlag.LEG_WEAKNESS: N_("Weakness in one or both legs that is getting worse"),
    RedFlag.FEVER: N_("Fever or feeling very unwell along with your back pain"),
    RedFlag.FALL_OR_INJURY: N_("Back pain that started after a recent fall, accident or injury"),
}


_RED_FLAG_SHORT = {
    RedFlag.SADDLE_NUMBNESS: "numbness in the saddle area",
    RedFlag.BLADDER_BOWEL: "new bladder or bowel trouble",
    RedFlag.LEG_WEAKNESS: "worsening leg weakness",
    RedFlag.FEVER: "fever with back pain",
    RedFlag.FALL_OR_INJURY: "a recent fall or injury",
}


def urgent_care_needed(answers: set[RedFlag]) -> bool:
    return bool(answers)


class FlagKind(enum.StrEnum):
    SHARP_PAIN = "sharp_pain"
    RED_FLAG = "red_flag"
    SCREENING = "screening"

    @property
    def label(self) -> str:  # not `title`: that is str.title(), which a StrEnum keeps
        """The start of a flag's one-line summary: 'Red flag: …'."""
        return {
            FlagKind.SHARP_PAIN: "Sharp pain",
            FlagKind.RED_FLAG: "Red flag",
            FlagKind.SCREENING: "Screening",
        }[self]

    @property
    def urgent(self) -> bool:
        return self is FlagKind.RED_FLAG


def red_flags_in_words(flags: Iterable[RedFlag]) -> str:
    """'numbness in the saddle area and fever with back pain', in the order of the form."""
    chosen = set(flags)
    return join_words([flag.short for flag in RedFlag if flag in chosen])


def join_words(words: Sequence[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def flag_line(kind: FlagKind, what: str, when: str) -> str:
    """'Red flag: numbness in the saddle area, 11:42 today'."""
    return f"{kind.label}: {what}, {when}" if what else f"{kind.label}, {when}"


def concerns_in_words(avoid_in_pregnancy: bool, answers: ScreeningAnswers) -> list[str]:
    """The screening answers a therapist overrides by confirming this point: ['pregnant']."""
    words = []
    for concern in screening_concerns(avoid_in_pregnancy, answers):
        if concern is Block.PREGNANCY:
            pregnant = answers.pregnancy is Pregnancy.YES
            words.append(N_("pregnant") if pregnant else N_("may be pregnant"))
        elif concern is Block.HIGH_BLOOD_PRESSURE:
            words.append(N_("high blood pressure"))
    return words


def override_caution(
    avoid_in_pregnancy: bool,
    answers: ScreeningAnswers | None,
    confirmed_at: datetime | None,
    confirmed_by: str | None,
    confirmed_on: str,
) -> str | None:
    """The lasting note on a point a therapist assigned despite the screening, or None, in the
    language of the page (the patient's; staff read English).

    Only a confirmation still in force counts: one older than the answers no longer lifts the
    block (see `acupressure_block`), so the patient sees the block instead.
    """
    if answers is None or confirmed_at is None or confirmed_at < answers.answered_at:
        return None
    concerns = concerns_in_words(avoid_in_pregnancy, answers)
    if not concerns:
        return None
    return _(
        "Confirmed by %(name)s on %(day)s despite: %(concerns)s",
        name=confirmed_by or _("your therapist"),
        day=confirmed_on,
        concerns=", ".join(_(concern) for concern in concerns),
    )
