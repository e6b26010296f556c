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

from portal.languages import N_, ngettext
from portal.languages import gettext as _


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
    def label(self) -> str:
        """The name in the page's language (`name` stays English)."""
        return _(self.name)

    @property
    def threshold(self) -> str:
        """ "10-point", "2-point (or 30 %)": the size of change that counts, in the page's
        language."""
        if self.relative:
            return _(
                "%(points)s-point (or %(percent)s %%)",
                points=f"{self.points:g}",
                percent=f"{self.relative * 100:g}",
            )
        return _("%(points)s-point", points=f"{self.points:g}")


ODI = Mcid(Measure.ODI, N_("Oswestry Disability Index"), 10, True, "Ostelo et al., Spine 2008")
PSFS = Mcid(
    Measure.PSFS,
    N_("Everyday activities (PSFS)"),
    2,
    False,
    "Stratford et al., Physiotherapy Canada 1995; Abbott & Schmitt, JOSPT 2014",
)
PAIN = Mcid(
    Measure.PAIN,
    N_("Pain (0–10)"),
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
    2008)." In the page's language; each sentence is translated whole."""
    found = verdict(mcid, start, latest)
    numbers = {"start": f"{start:g}", "latest": f"{latest:g}", "source": mcid.source}
    if found.direction is Direction.SAME:
        return _("No change since the start (%(start)s → %(latest)s).", **numbers)
    moved = _moved(found, numbers)
    if found.important and found.change < mcid.points:  # by the share of the start only
        share, needed = found.change / start * 100, (mcid.relative or 0) * 100
        meaning = _(
            "A drop of %(share)s %% reaches the %(needed)s %% that counts as a real "
            "improvement (%(source)s).",
            share=f"{share:.0f}",
            needed=f"{needed:g}",
            **numbers,
        )
    elif found.important and found.direction is Direction.BETTER:
        meaning = _(
            "That reaches the %(threshold)s change that counts as a real improvement (%(source)s).",
            threshold=mcid.threshold,
            **numbers,
        )
    elif found.important:
        meaning = _(
            "That reaches the %(threshold)s change that counts as a real worsening (%(source)s).",
            threshold=mcid.threshold,
            **numbers,
        )
    else:
        meaning = _(
            "That is less than the %(threshold)s change that counts as a real difference "
            "(%(source)s), so it may not be one you notice yet.",
            threshold=mcid.threshold,
            **numbers,
        )
    return f"{moved} {meaning}"


def _moved(found: Verdict, numbers: dict[str, str]) -> str:
    """'14 points better since the start (42 → 28).'"""
    # The plural form follows the number as written ("1 point", "1.5 points"); ngettext takes
    # a whole number, so 1 stands for one and 2 for any other amount.
    count = 1 if found.change == 1 else 2
    change = f"{found.change:g}"
    if found.direction is Direction.BETTER:
        return ngettext(
            "%(change)s point better since the start (%(start)s → %(latest)s).",
            "%(change)s points better since the start (%(start)s → %(latest)s).",
            count,
            change=change,
            **numbers,
        )
    return ngettext(
        "%(change)s point worse since the start (%(start)s → %(latest)s).",
        "%(change)s points worse since the start (%(start)s → %(latest)s).",
        count,
        change=change,
        **numbers,
    )
