"""Safety flags as staff read them: kind, what, and when in the centre's local time."""

from dataclasses import dataclass
from datetime import datetime

from portal.localtime import day_and_clock, describe_when
from portal.safety.models import SafetyFlag
from portal.safety.rules import FlagKind, RedFlag, flag_line, red_flags_in_words


@dataclass(frozen=True)
class FlagView:
    id: int
    line: str  # "Red flag: numbness in the saddle area, 11:42 today"
    details: str
    urgent: bool
    is_open: bool
    acknowledged: str | None  # "Acknowledged by …, <when>: <note>"


def flag_what(flag: SafetyFlag) -> str:
    """What the flag is about, in a few words: 'numbness in the saddle area'."""
    if flag.kind is FlagKind.RED_FLAG and flag.red_flags:
        return red_flags_in_words(RedFlag(value) for value in flag.red_flags)
    if flag.kind is FlagKind.SHARP_PAIN and flag.item is not None:
        return f"stopped {flag.item.technique.title}"
    if flag.kind is FlagKind.SCREENING:
        return flag.details.removeprefix("Safety screening: ").rstrip(".")
    return ""


def flag_summary(flag: SafetyFlag, timezone: str, now: datetime) -> str:
    return flag_line(flag.kind, flag_what(flag), describe_when(flag.raised_at, timezone, now))


def flag_view(flag: SafetyFlag, timezone: str, now: datetime) -> FlagView:
    acknowledged = None
    if flag.acknowledged_at is not None:
        by = flag.acknowledged_by.name if flag.acknowledged_by else "staff"
        when = day_and_clock(flag.acknowledged_at, timezone)
        acknowledged = f"Acknowledged by {by}, {when}: {flag.acknowledgement_note}"
    return FlagView(
        id=flag.id,
        line=flag_summary(flag, timezone, now),
        details=flag.details,
        urgent=flag.kind.urgent and flag.is_open,
        is_open=flag.is_open,
        acknowledged=acknowledged,
    )
