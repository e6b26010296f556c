"""The outcome measures of a patient's care, side by side: the Oswestry Disability Index, the
PSFS average and the weekly pain rating, each charted over time with a verdict on the change
since the start (portal/outcomes). Built from records already loaded; no queries here."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pygal
from markupsafe import Markup

from portal.languages import N_, current_language
from portal.languages import gettext as _
from portal.localtime import day
from portal.outcomes import due
from portal.outcomes.mcid import ODI, PAIN, PSFS, Mcid
from portal.outcomes.measures import Outcome, Point, mean, outcome, weekly_means
from portal.outcomes.models import OdiResponse
from portal.programs.models import PlanStatus, PsfsAssessment, TreatmentPlan
from portal.programs.plan_facts import AnyPlan
from portal.programs.progress import (
    CHART_HEIGHT,
    CHART_STYLE,
    CHART_WIDTH,
    CHARTS_KEPT,
    render_chart,
    short_date,
)
from portal.programs.queries import PracticeDay

SCALES = {ODI.measure: (0, 100), PSFS.measure: (0, 10), PAIN.measure: (0, 10)}
UNITS = {ODI.measure: "%", PSFS.measure: "/10", PAIN.measure: "/10"}
HINTS = {
    ODI.measure: N_("How much back pain gets in the way of daily life: 0 % none, 100 % the most."),
    PSFS.measure: N_("The average score of the chosen activities: 0 unable, 10 as before."),
    PAIN.measure: N_("Pain before practice, the average of each week: 0 none, 10 the worst."),
}


@dataclass(frozen=True)
class OutcomeView:
    outcome: Outcome
    hint: str
    unit: str
    chart: Markup | None
    # The chart's points as the table read aloud in its place: (day, score with its unit),
    # written out here (a year of weekly pain is fifty rows, a filter call or three each).
    table: tuple[tuple[str, str], ...] = ()

    @property
    def mcid(self) -> Mcid:
        return self.outcome.mcid


def odi_points(responses: Sequence[OdiResponse]) -> list[Point]:
    return [Point(r.taken_on, round(s.percent)) for r in responses if (s := r.score()) is not None]


def psfs_points(assessments: Sequence[PsfsAssessment]) -> list[Point]:
    return [
        Point(a.taken_on, value)
        for a in assessments
        if (value := mean([score.score for score in a.scores])) is not None
    ]


def pain_points(days: Sequence[PracticeDay]) -> list[Point]:
    """Weekly averages of the pain rated before practice."""
    return weekly_means([Point(d.day, d.pain_before) for d in days if d.pain_before is not None])


def course_outcomes(
    odi: Sequence[OdiResponse],
    psfs: Sequence[PsfsAssessment],
    days: Sequence[PracticeDay],
    first: date | None = None,
    last: date | None = None,
) -> list[Outcome]:
    """The three measures between `first` and `last` (either open)."""
    # Pain is averaged over the window's own days: a week's average is dated by its Monday,
    # which lies before `first` when the course starts late in a week, and was dropped.
    in_window = [
        d for d in days if (first is None or d.day >= first) and (last is None or d.day <= last)
    ]
    return [
        outcome(ODI, odi_points(odi), first, last),
        outcome(PSFS, psfs_points(psfs), first, last),
        outcome(PAIN, pain_points(in_window)),
    ]


def outcome_views(outcomes: Sequence[Outcome]) -> list[OutcomeView]:
    language = current_language()
    return [_view(each, language) for each in outcomes]


def _view(each: Outcome, language: str) -> OutcomeView:
    unit = UNITS[each.mcid.measure]
    return OutcomeView(
        each,
        _(HINTS[each.mcid.measure]),
        unit,
        _chart(each) if len(each.points) > 1 else None,
        tuple(
            (day(point.day, "date", language), f"{point.value:g}{unit}") for point in each.points
        ),
    )


def odi_courses(plans: Sequence[AnyPlan]) -> list[due.Course]:
    return [
        due.Course(plan.start_date, plan.end_date)
        for plan in plans
        if plan.status is PlanStatus.ACTIVE
    ]


def odi_due_since(plans: Sequence[AnyPlan], odi: Sequence[OdiResponse], today: date) -> date | None:
    return due.due_since(odi_courses(plans), [r.taken_on for r in odi], today)


def odi_next_due(plans: Sequence[AnyPlan], today: date) -> date | None:
    return due.next_due(odi_courses(plans), today)


def course_start(plans: Sequence[AnyPlan]) -> date | None:
    """Where "since the start" begins on the progress pages: the start of the earliest active
    plan (an earlier course's measures are not this course's baseline); None without one."""
    starts = [plan.start_date - due.EARLY for plan in plans if plan.status is PlanStatus.ACTIVE]
    return min(starts, default=None)


def plan_window(plan: TreatmentPlan, last: date) -> tuple[date, date]:
    """The dates a plan's measures are taken from: an answer a few days before it started
    (at the assessment) counts as its start."""
    return plan.start_date - due.EARLY, last


def _chart(each: Outcome) -> Markup:
    return _outcome_svg(
        tuple(short_date(p.day) for p in each.points),
        tuple(p.value for p in each.points),
        SCALES[each.mcid.measure],
        each.mcid.label,
    )


@lru_cache(maxsize=CHARTS_KEPT)
def _outcome_svg(
    labels: tuple[str, ...], values: tuple[float, ...], scale: tuple[int, int], name: str
) -> Markup:
    low, high = scale
    chart = pygal.Line(
        style=CHART_STYLE,
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        range=scale,
        js=[],
        show_legend=False,
        y_labels=list(range(low, high + 1, (high - low) // 5)),
        x_label_rotation=0,
        margin=10,
        margin_right=24,
        truncate_label=-1,
        dots_size=5,
    )
    chart.x_labels = list(labels)
    chart.x_labels_major = chart.x_labels[:: max(1, len(labels) // 5)]
    chart.show_minor_x_labels = False
    chart.add(name, list(values))
    return render_chart(chart)
