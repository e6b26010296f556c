"""A patient's progress: adherence per week, streak, pain over time and PSFS, with charts.

Built from already-loaded plans and logs (no queries here), so the pages that show it run a
fixed number of queries however long the history.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import pygal
from markupsafe import Markup
from pygal.style import Style

from portal.languages import current_language
from portal.languages import gettext as _
from portal.localtime import day as format_day
from portal.programs.adherence import (
    WeekAdherence,
    current_streak,
    weekly_adherence,
    weeks_to_show,
)
from portal.programs.models import PsfsAssessment
from portal.programs.queries import PlanSchedule, PracticeDay, scheduled_due_counts

WEEKS_SHOWN = 8
PAIN_DAYS_SHOWN = 28
PSFS_INTERVAL = timedelta(days=14)

# Drawn at phone size: the SVG scales to its container, so a narrow drawing keeps the
# labels readable on a 390 px screen and still looks right on a desktop card.
CHART_WIDTH = 420
CHART_HEIGHT = 240

CHART_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#3b3b3b",
    foreground_strong="#1f1f1f",
    foreground_subtle="#d9d2c7",
    colors=("#0f6a70", "#e4572e", "#f4a261"),
    font_family="system-ui, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=13,
    value_font_size=11,
)


@dataclass(frozen=True)
class PainDay:
    day: date
    before: float | None
    after: float | None


@dataclass(frozen=True)
class Progress:
    weeks: list[WeekAdherence]
    streak: int
    pain_days: list[PainDay]
    psfs: list[PsfsAssessment]
    psfs_due: bool
    adherence_chart: Markup
    pain_chart: Markup | None

    @property
    def last_week_percent(self) -> int | None:
        ratio = self.weeks[-1].ratio if self.weeks else None
        return None if ratio is None else round(ratio * 100)


def build_progress_from_days(
    plans: Sequence[PlanSchedule],
    days: Sequence[PracticeDay],
    psfs: Sequence[PsfsAssessment],
    today: date,
) -> Progress:
    first_day = today - timedelta(weeks=WEEKS_SHOWN, days=today.weekday())
    # A streak or a chart never needs more than a year of history.
    earliest = max(min([first_day, *(p.start_date for p in plans)]), today - timedelta(days=366))
    due = scheduled_due_counts(plans, earliest, today)
    done = {each.day: each.done for each in days}
    plan_start = min((p.start_date for p in plans), default=None)
    weeks = weekly_adherence(due, done, today, weeks_to_show(plan_start, today, WEEKS_SHOWN))
    pain_days = daily_pain(days, today - timedelta(days=PAIN_DAYS_SHOWN - 1), today)
    return Progress(
        weeks=weeks,
        streak=current_streak(due, done, today),
        pain_days=pain_days,
        psfs=list(psfs),
        psfs_due=psfs_is_due(psfs, today),
        adherence_chart=_adherence_chart(weeks),
        pain_chart=_pain_chart(pain_days) if any(d.before is not None for d in pain_days) else None,
    )


def daily_pain(days: Sequence[PracticeDay], first: date, last: date) -> list[PainDay]:
    """Average pain before and after practice, per day in [first, last] that has any."""
    return [
        PainDay(each.day, each.pain_before, each.pain_after)
        for each in days
        if first <= each.day <= last and (each.pain_before, each.pain_after) != (None, None)
    ]


def psfs_is_due(assessments: Sequence[PsfsAssessment], today: date) -> bool:
    latest = max((a.taken_on for a in assessments), default=None)
    return latest is None or today - latest >= PSFS_INTERVAL


_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def short_date(value: date) -> str:
    """\"7 Dec\": short enough that eight fit under a phone-sized chart without being cut; in
    the page's language."""
    return format_day(value, "brief", current_language())


def render_chart(chart) -> Markup:
    """The chart as inline SVG without pygal's scripts (tooltips we don't use, and inline
    script that a strict Content-Security-Policy would block anyway)."""
    svg = _SCRIPT.sub("", chart.render(is_unicode=True, disable_xml_declaration=True))
    return Markup(svg)  # noqa: S704  (pygal escapes the labels and values it writes)


def _adherence_chart(weeks: Sequence[WeekAdherence]) -> Markup:
    return _adherence_svg(
        tuple(short_date(week.starts_on) for week in weeks),
        tuple(None if w.ratio is None else round(w.ratio * 100) for w in weeks),
        _("Done"),
    )


def _pain_chart(days: Sequence[PainDay]) -> Markup:
    return _pain_svg(
        tuple(short_date(day.day) for day in days),
        tuple(day.before for day in days),
        tuple(day.after for day in days),
        (_("Pain before"), _("Pain after")),
    )


# A chart is drawn from its few plotted values only (8 weeks, 28 days), so the same values
# (a patient reloading, or checking again before the next log) reuse the drawing; its words
# come in as arguments, so each language has its own.
CHARTS_KEPT = 2048


@lru_cache(maxsize=CHARTS_KEPT)
def _adherence_svg(
    labels: tuple[str, ...], percents: tuple[int | None, ...], series: str
) -> Markup:
    chart = pygal.Bar(
        style=CHART_STYLE,
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        range=(0, 100),
        show_legend=False,
        js=[],
        title=None,
        y_labels=[0, 25, 50, 75, 100],
        value_formatter=lambda value: f"{value:.0f}%",
        margin=10,
        truncate_label=-1,
    )
    chart.x_labels = list(labels)
    chart.add(series, list(percents))
    return render_chart(chart)


@lru_cache(maxsize=CHARTS_KEPT)
def _pain_svg(
    labels: tuple[str, ...],
    before: tuple[float | None, ...],
    after: tuple[float | None, ...],
    series: tuple[str, str],
) -> Markup:
    chart = pygal.Line(
        style=CHART_STYLE,
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        range=(0, 10),
        js=[],
        y_labels=list(range(0, 11, 2)),
        legend_at_bottom=True,
        x_label_rotation=0,
        show_minor_x_labels=False,
        margin=10,
        allow_interruptions=True,
        truncate_label=-1,
        margin_right=24,  # room for the last date label, centred on the chart's edge
    )
    chart.x_labels = list(labels)
    chart.x_labels_major = chart.x_labels[:: max(1, len(labels) // 6)]
    chart.add(series[0], list(before))
    chart.add(series[1], list(after))
    return render_chart(chart)
