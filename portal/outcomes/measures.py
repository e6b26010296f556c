"""A measure over a course of care, as plain dated values: where it started, where it is now
and what the change means (mcid.py). Pure: the pages convert their records into points."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from portal.outcomes.mcid import Mcid, verdict_sentence


@dataclass(frozen=True)
class Point:
    day: date
    value: float


@dataclass(frozen=True)
class Outcome:
    mcid: Mcid
    points: tuple[Point, ...]  # oldest first

    @property
    def start(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if len(self.points) > 1 else None

    @property
    def sentence(self) -> str | None:
        """The change since the start in plain words; None until there are two values."""
        if self.start is None or self.latest is None:
            return None
        return verdict_sentence(self.mcid, self.start.value, self.latest.value)


def outcome(mcid: Mcid, points: Iterable[Point], first: date | None = None,
            last: date | None = None) -> Outcome:  # fmt: skip
    """The points between `first` and `last` (either open), oldest first."""
    after = [p for p in points if first is None or p.day >= first]
    kept = sorted((p for p in after if last is None or p.day <= last), key=lambda p: p.day)
    return Outcome(mcid, tuple(kept))


def weekly_means(daily: Sequence[Point]) -> list[Point]:
    """Daily values averaged per week (Monday to Sunday), dated by the week's Monday: a day's
    pain rating moves with the day, a week's average shows the course."""
    weeks: dict[date, list[float]] = defaultdict(list)
    for point in daily:
        weeks[point.day - timedelta(days=point.day.weekday())].append(point.value)
    return [Point(monday, round(sum(v) / len(v), 1)) for monday, v in sorted(weeks.items())]


def mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None
