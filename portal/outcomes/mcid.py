"""Is a change in an outcome measure big enough to matter? The minimal clinically important
difference (MCID) of each measure, with the study it comes from, and a verdict in plain words.

Values, with the papers they come from (cited as published; worth a clinician's second look):
- ODI: 10 points on the 0–100 scale (Ostelo et al., Spine 2008;33:90-4, the international
  consensus on minimal important change in low back pain).
- PSFS: 2 points on the average of the activities' scores (Stratford et al., Physiotherapy
  Canada 1995;47:258-63); Abbott & Schmitt (JOSPT 2014;44:560-4) found 1.3 to 2.7.
- Pain, 0–10 rating: 2 points or 30 % less than at the start (Farrar et al., Pain
  2001;94:149-58; Childs et al., Spine 2005;30:1331-4 found 2 points in low back pain).
"""

import enum
from dataclasses import dataclass


class Measure(enum.StrEnum):
    ODI = "odi"
    PSFS = "psfs"
    PAIN = "pain"


@dataclass(frozen=True)
class Mcid:
    measure: Measure
    name: str
    points: float
    lower_is_better: bool
    source: str
    relative: float | None = None  # a share of the starting value that also counts

    @property
    def threshold(self) -> str:
        """ "10-point", "2-point (or 30 %)": the size of change that counts."""
        points = f"{self.points:g}-point"
        return f"{points} (or {self.relative * 100:g} %)" if self.relative else points


ODI = Mcid(Measure.ODI, "Oswestry Disability Index", 10, True, "Ostelo et al., Spine 2008")
PSFS = Mcid(
    Measure.PSFS,
    "Everyday activities (PSFS)",
    2,
    False,
    "Stratford et al., Physiotherapy Canada 1995; Abbott & Schmitt, JOSPT 2014",
)
PAIN = Mcid(
    Measure.PAIN,
    "Pain (0–10)",
    2,
    True,
    "Farrar et al., Pain 2001; Childs et al., Spine 2005",
    relative=0.30,
)
MCIDS = {mcid.measure: mcid for mcid in (ODI, PSFS, PAIN)}


class Direction(enum.StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


@dataclass(frozen=True)
class Verdict:
    direction: Direction
    change: float  # how far it moved, always >= 0, in the measure's points
    important: bool  # at least the MCID


def verdict(mcid: Mcid, start: float, latest: float) -> Verdict:
    """How `latest` compares with `start` on this measure."""
    improvement = (start - latest) if mcid.lower_is_better else (latest - start)
    change = round(abs(improvement), 1)
    if change == 0:
        return Verdict(Direction.SAME, 0, False)
    if improvement < 0:
        return Verdict(Direction.WORSE, change, change >= mcid.points)
    relative = mcid.relative is not None and start > 0 and improvement / start >= mcid.relative
    return Verdict(Direction.BETTER, change, change >= mcid.points or relative)


def verdict_sentence(mcid: Mcid, start: float, latest: float) -> str:
    """The verdict as a person reads it, e.g. "14 points better since the start (42 → 28).
    That reaches the 10-point change that counts as a real improvement (Ostelo et al., Spine
    2008)." """
    found = verdict(mcid, start, latest)
    values = f"({start:g} → {latest:g})"
    if found.direction is Direction.SAME:
        return f"No change since the start {values}."
    unit = "point" if found.change == 1 else "points"
    moved = f"{found.change:g} {unit} {found.direction} since the start {values}."
    if found.important and found.change < mcid.points:  # by the share of the start only
        share, needed = found.change / start * 100, (mcid.relative or 0) * 100
        return (
            f"{moved} A drop of {share:.0f} % reaches the {needed:g} % that counts as a real "
            f"improvement ({mcid.source})."
        )
    if found.important:
        kind = "improvement" if found.direction is Direction.BETTER else "worsening"
        return (
            f"{moved} That reaches the {mcid.threshold} change that counts as a real {kind} "
            f"({mcid.source})."
        )
    return (
        f"{moved} That is less than the {mcid.threshold} change that counts as a real "
        f"difference ({mcid.source}), so it may not be one you notice yet."
    )
