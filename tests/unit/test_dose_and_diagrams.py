import pytest

from portal.guide.diagrams import DiagramView, Marker, diagram_markers
from portal.guide.dose import acupressure_dose_sentence, duration_phrase, times_per_day_phrase
from portal.guide.models import PointSides


@pytest.mark.parametrize(
    ("seconds", "phrase"),
    [(60, "1 minute"), (90, "90 seconds"), (120, "2 minutes"), (45, "45 seconds")],
)
def test_durations_read_naturally(seconds, phrase):
    assert duration_phrase(seconds) == phrase


def test_times_per_day():
    assert times_per_day_phrase(1) == "once a day"
    assert times_per_day_phrase(2) == "twice a day"
    assert times_per_day_phrase(4) == "4 times a day"


def test_dose_for_a_paired_point():
    assert (
        acupressure_dose_sentence(90, PointSides.BOTH, times_per_day=2)
        == "Press firmly in small circles for 90 seconds on each side, twice a day."
    )


def test_dose_for_a_midline_point_names_no_side():
    assert (
        acupressure_dose_sentence(120, PointSides.MIDLINE)
        == "Press firmly in small circles for 2 minutes."
    )


def test_dose_refuses_a_zero_hold():
    with pytest.raises(ValueError, match="positive"):
        acupressure_dose_sentence(0, PointSides.BOTH)


def test_paired_point_on_the_back_is_drawn_on_both_sides():
    assert diagram_markers(DiagramView.BACK, 84, 163, paired=True) == [
        Marker(84, 163),
        Marker(116, 163),
    ]


def test_midline_point_is_drawn_once():
    assert diagram_markers(DiagramView.BACK, 100, 163, paired=False) == [Marker(100, 163)]


def test_side_views_of_one_ankle_show_one_marker():
    assert diagram_markers(DiagramView.ANKLE_OUTER, 78, 242, paired=True) == [Marker(78, 242)]
