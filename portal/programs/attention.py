"""Which patients a therapist should look at first, and the one-line reason why."""

import enum
from dataclasses import dataclass
from datetime import datetime

RISING_PAIN_LEVEL = 7
RISING_PAIN_STEP = 2
LOW_ADHERENCE = 0.5
QUIET_DAYS = 3


class Urgency(enum.IntEnum):
    """Lower sorts first."""

    RED_FLAG = 0
    SAFETY_FLAG = 1
    RISING_PAIN = 2
    NOT_FOLLOWING = 3
    ON_TRACK = 4


@dataclass(frozen=True)
class OpenFlag:
    urgent: bool  # a red flag: the patient was sent to urgent care
    line: str  # its kind, what and when: "Red flag: numbness in the saddle area, 11:42 today"
    raised_at: datetime


@dataclass(frozen=True)
class PatientSignals:
    open_flags: tuple[OpenFlag, ...]
    latest_pain: int | None  # the most recent pain score logged
    pain_a_week_ago: int | None  # the first pain score logged in the last 7 days
    adherence_7_days: float | None  # None when nothing was due
    days_since_activity: int | None  # None when the patient never logged anything
    has_program: bool


@dataclass(frozen=True)
class Attention:
    urgency: Urgency
    reason: str
    more: tuple[str, ...] = ()  # the patient's other open flags, one line each


def needs_attention(signals: PatientSignals) -> Attention:
    if signals.open_flags:
        return _flagged(signals.open_flags)
    if signals.latest_pain is not None and signals.latest_pain >= RISING_PAIN_LEVEL:
        return Attention(Urgency.RISING_PAIN, f"Pain {signals.latest_pain}/10 at the last session")
    if (
        signals.latest_pain is not None
        and signals.pain_a_week_ago is not None
        and signals.latest_pain - signals.pain_a_week_ago >= RISING_PAIN_STEP
    ):
        return Attention(
            Urgency.RISING_PAIN,
            f"Pain up from {signals.pain_a_week_ago} to {signals.latest_pain} this week",
        )
    if signals.has_program:
        return _following(signals)
    return Attention(Urgency.ON_TRACK, "No home program yet")


def _flagged(flags: tuple[OpenFlag, ...]) -> Attention:
    """Every open flag is listed: red flags first, then the newest."""
    ordered = sorted(flags, key=lambda flag: (not flag.urgent, -flag.raised_at.timestamp()))
    urgency = Urgency.RED_FLAG if ordered[0].urgent else Urgency.SAFETY_FLAG
    return Attention(urgency, ordered[0].line, tuple(flag.line for flag in ordered[1:]))


def _following(signals: PatientSignals) -> Attention:
    quiet = signals.days_since_activity
    if quiet is None or quiet >= QUIET_DAYS:
        text = "No practice logged yet" if quiet is None else f"No practice for {quiet} days"
        return Attention(Urgency.NOT_FOLLOWING, text)
    if signals.adherence_7_days is not None and signals.adherence_7_days < LOW_ADHERENCE:
        percent = round(signals.adherence_7_days * 100)
        return Attention(Urgency.NOT_FOLLOWING, f"Did {percent}% of the program in the last 7 days")
    if signals.adherence_7_days is None:
        return Attention(Urgency.ON_TRACK, "Nothing due in the last 7 days")
    return Attention(
        Urgency.ON_TRACK, f"On track: {round(signals.adherence_7_days * 100)}% in the last 7 days"
    )
