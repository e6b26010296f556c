"""'Sharp pain — stop': which techniques a patient must leave alone until the therapist looks.

A stop holds for the technique, not for one program version's item: a new version that still
lists the technique keeps it stopped, because publishing a version (perhaps for an unrelated
change) is not the same as having looked at the pain. The therapist's acknowledgement of the
flag is what lifts it; a version without the technique leaves nothing to stop.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from portal.safety.models import FlagKind


@dataclass(frozen=True)
class FlagFacts:
    kind: FlagKind
    technique_id: int | None  # the technique of the item the flag was raised on, if any
    acknowledged: bool


def stopped_techniques(flags: Iterable[FlagFacts]) -> frozenset[int]:
    return frozenset(
        flag.technique_id
        for flag in flags
        if flag.kind is FlagKind.SHARP_PAIN
        and not flag.acknowledged
        and flag.technique_id is not None
    )


def is_stopped(technique_id: int, flags: Iterable[FlagFacts]) -> bool:
    """Whether the patient may not start this technique now, given their safety flags."""
    return technique_id in stopped_techniques(flags)


def practice_on_hold(flags: Iterable[FlagFacts]) -> bool:
    """Whether the patient was told to leave all home practice until a doctor has seen them: a
    red flag the therapist has not acknowledged yet (templates/safety/urgent.html)."""
    return any(flag.kind is FlagKind.RED_FLAG and not flag.acknowledged for flag in flags)
