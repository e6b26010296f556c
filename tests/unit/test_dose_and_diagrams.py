import pytest

from portal.guide.diagrams import DiagramView, Marker, diagram_markers
from portal.guide.dose import (
    Side,
    acupressure_dose_sentence,
    duration_phrase,
    exercise_dose_sentence,
    times_per_day_phrase,
)
from portal.weekdays import weekdays_to_mask


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
        acupressure_dose_sentence(90, Side.BOTH, times_per_day=2)
        == "Press firmly in small circles for 90 seconds on each side, twice a day."
    )


def test_dose_for_a_midline_point_names_no_side():
    assert (
        acupressure_dose_sentence(120, Side.NONE) == "Press firmly in small circles for 2 minutes."
    )


def test_dose_for_one_side_on_some_days():
    assert (
        acupressure_dose_sentence(60, Side.LEFT, 1, weekdays_to_mask([0, 2, 4]))
        == "Press firmly in small circles for 1 minute on the left side, once a day on Mon, "
        "Wed and Fri."
    )


def test_exercise_dose():
    assert (
        exercise_dose_sentence(2, 10, 10, Side.NONE, times_per_day=1)
        == "2 sets of 10, holding each for 10 seconds, once a day."
    )
    assert (
        exercise_dose_sentence(1, 3, 30, Side.BOTH, 2, weekdays_to_mask(range(5)))
        == "1 set of 3, holding each for 30 seconds, on each side, twice a day on weekdays."
    )


@pytest.mark.parametrize(("sets", "reps", "hold"), [(0, 10, 10), (2, 0, 10), (2, 10, 0)])
def test_exercise_dose_refuses_zero_sets_repetitions_or_hold(sets, reps, hold):
    with pytest.raises(ValueError, match="positive"):
        exercise_dose_sentence(sets, reps, hold, Side.NONE)


def test_the_smallest_doses_are_sentences():
    assert exercise_dose_sentence(1, 1, 1, Side.NONE).startswith("1 set of 1")
    assert "1 second" in acupressure_dose_sentence(1, Side.NONE)


def test_dose_refuses_a_zero_hold():
    with pytest.raises(ValueError, match="positive"):
        acupressure_dose_sentence(0, Side.BOTH)


def test_paired_point_on_the_back_is_drawn_on_both_sides():
    assert diagram_markers(DiagramView.BACK, 84, 163, Side.BOTH) == [
        Marker(84, 163),
        Marker(116, 163),
    ]


def test_one_sided_item_marks_only_that_side_seen_from_behind():
    assert diagram_markers(DiagramView.BACK, 84, 163, Side.LEFT) == [Marker(84, 163)]
    assert diagram_markers(DiagramView.LEGS_BACK, 65, 102, Side.RIGHT) == [Marker(135, 102)]


def test_midline_point_is_drawn_once():
    assert diagram_markers(DiagramView.BACK, 100, 163, Side.NONE) == [Marker(100, 163)]
    assert diagram_markers(DiagramView.BACK, 100, 163, Side.BOTH) == [Marker(100, 163)]


def test_side_views_of_one_ankle_show_one_marker():
    assert diagram_markers(DiagramView.ANKLE_OUTER, 78, 242, Side.BOTH) == [Marker(78, 242)]
