import re
from datetime import date, timedelta

from portal.programs.adherence import WeekAdherence
from portal.programs.progress import PainDay, _adherence_chart, _pain_chart, short_date

MONDAY = date(2026, 10, 5)


def x_labels(svg: str) -> list[str]:
    axis = svg.split('class="axis x')[1].split('class="axis y')[0]
    return re.findall(r"<text[^>]*>([^<]*)</text>", axis)


def test_week_labels_are_whole_dates_never_cut():
    weeks = [WeekAdherence(MONDAY + timedelta(weeks=n), 10, 9) for n in range(8)]
    labels = x_labels(_adherence_chart(weeks))
    assert labels == ["5 Oct", "12 Oct", "19 Oct", "26 Oct", "2 Nov", "9 Nov", "16 Nov", "23 Nov"]


def test_pain_day_labels_are_whole_dates_never_cut():
    days = [PainDay(MONDAY + timedelta(days=n), 6, 3) for n in range(28)]
    labels = [label for label in x_labels(_pain_chart(days)) if not label.startswith("Pain")]
    assert len(labels) >= 6 and all(re.fullmatch(r"\d{1,2} (Oct|Nov)", label) for label in labels)


def test_short_date_has_no_leading_zero():
    assert short_date(date(2026, 12, 7)) == "7 Dec"
