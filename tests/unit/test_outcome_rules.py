"""The outcome measures' rules, without the app: ODI scoring, when it is due, MCID verdicts."""

from datetime import date, timedelta

import pytest

from portal.outcomes.due import Course, due_dates, due_since, next_due
from portal.outcomes.mcid import ODI, PAIN, PSFS, Direction, verdict, verdict_sentence
from portal.outcomes.measures import Outcome, Point, outcome, weekly_means
from portal.outcomes.odi import MIN_SECTIONS_ANSWERED, SECTION_KEYS, SECTIONS, odi_score

ALL_ZERO = dict.fromkeys(SECTION_KEYS, 0)


def test_ten_sections_of_six_statements_and_only_sex_life_may_be_skipped():
    assert len(SECTIONS) == 10
    assert all(len(section.statements) == 6 for section in SECTIONS)
    assert [s.key for s in SECTIONS if s.optional] == ["sex_life"]


@pytest.mark.parametrize("key", SECTION_KEYS)
@pytest.mark.parametrize("chosen", range(6))
def test_each_section_adds_its_statement_number_out_of_fifty(key, chosen):
    score = odi_score({**ALL_ZERO, key: chosen})
    assert score is not None
    assert score.percent == pytest.approx(chosen / 50 * 100)
    assert score.answered == 10


def test_the_bounds_are_zero_and_a_hundred():
    assert odi_score(ALL_ZERO).percent == 0
    assert odi_score(dict.fromkeys(SECTION_KEYS, 5)).percent == 100


def test_a_missed_section_leaves_the_denominator_fairbank_and_pynsent():
    answers = {**dict.fromkeys(SECTION_KEYS, 2), "sex_life": None}
    score = odi_score(answers)
    assert score.answered == 9
    assert score.percent == pytest.approx(18 / 45 * 100)  # 40 %, not 18/50 = 36 %
    assert score.rounded == 40


def test_two_missed_sections_still_score_three_do_not():
    two_missing = {**dict.fromkeys(SECTION_KEYS, 1), "sex_life": None, "lifting": None}
    assert odi_score(two_missing).percent == pytest.approx(8 / 40 * 100)
    three_missing = {**two_missing, "travelling": None}
    assert MIN_SECTIONS_ANSWERED == 8
    assert odi_score(three_missing) is None
    assert odi_score({}) is None


@pytest.mark.parametrize("bad", [-1, 6])
def test_a_statement_outside_zero_to_five_is_refused(bad):
    with pytest.raises(ValueError, match="0 to 5"):
        odi_score({**ALL_ZERO, "walking": bad})


def test_an_unknown_section_is_refused():
    with pytest.raises(ValueError, match="not ODI sections"):
        odi_score({**ALL_ZERO, "running": 1})


# When it is due: the start, every 4 weeks, the week before the planned end.

START = date(2026, 11, 2)


def test_due_at_the_start_every_four_weeks_and_before_discharge():
    course = Course(START, START + timedelta(weeks=10))
    assert due_dates(course, START + timedelta(weeks=20)) == [
        START,
        START + timedelta(weeks=4),
        START + timedelta(weeks=8),
        START + timedelta(weeks=10) - timedelta(days=7),  # the discharge questionnaire
    ]


def test_without_a_planned_end_it_keeps_coming_every_four_weeks():
    assert due_dates(Course(START), START + timedelta(weeks=12)) == [
        START + timedelta(weeks=n) for n in (0, 4, 8, 12)
    ]


def test_unanswered_at_the_start_it_is_due_from_the_start():
    assert due_since([Course(START)], [], START) == START
    assert due_since([Course(START)], [], START + timedelta(days=3)) == START


def test_answered_it_is_not_due_until_four_weeks_later():
    course = Course(START)
    assert due_since([course], [START], START + timedelta(days=27)) is None
    assert due_since([course], [START], START + timedelta(days=28)) == START + timedelta(days=28)


def test_an_answer_three_days_early_counts_four_days_early_does_not():
    course, four_weeks = Course(START), START + timedelta(weeks=4)
    assert due_since([course], [four_weeks - timedelta(days=3)], four_weeks) is None
    assert due_since([course], [four_weeks - timedelta(days=4)], four_weeks) == four_weeks


def test_due_in_the_week_before_the_planned_end():
    course = Course(START, START + timedelta(weeks=6))
    discharge = START + timedelta(weeks=5)
    taken = [START, START + timedelta(weeks=4)]
    assert due_since([course], taken, discharge - timedelta(days=1)) is None
    assert due_since([course], taken, discharge) == discharge


def test_an_answer_given_the_day_it_falls_due_counts():
    four_weeks = START + timedelta(weeks=4)
    assert due_since([Course(START)], [START, four_weeks], four_weeks) is None


def test_the_next_date_is_after_today_even_on_a_day_it_falls_due():
    assert next_due([Course(START)], START) == START + timedelta(weeks=4)


def test_no_plan_nothing_due_and_the_next_date_is_told():
    assert due_since([], [], START) is None
    assert next_due([Course(START)], START + timedelta(days=1)) == START + timedelta(weeks=4)
    assert next_due([], START) is None


# MCID verdicts and their plain words.


def test_odi_ten_points_down_is_a_real_improvement_nine_is_not():
    assert verdict(ODI, 40, 30) == verdict(ODI, 40, 30).__class__(Direction.BETTER, 10, True)
    assert verdict(ODI, 40, 31).important is False
    assert verdict(ODI, 40, 31).direction is Direction.BETTER


def test_odi_up_by_ten_is_a_real_worsening():
    found = verdict(ODI, 20, 30)
    assert (found.direction, found.change, found.important) == (Direction.WORSE, 10, True)
    assert verdict(ODI, 20, 29).important is False


def test_psfs_is_better_when_it_rises_by_two():
    assert verdict(PSFS, 4, 6).direction is Direction.BETTER
    assert verdict(PSFS, 4, 6).important is True
    assert verdict(PSFS, 4, 5.5).important is False
    assert verdict(PSFS, 6, 4).direction is Direction.WORSE


def test_pain_counts_two_points_or_thirty_percent_less():
    assert verdict(PAIN, 8, 6).important is True  # 2 points
    assert verdict(PAIN, 8, 6.5).important is False  # 1.5 points, 19 %
    assert verdict(PAIN, 3, 2).important is True  # 1 point, 33 %
    assert verdict(PAIN, 3, 2.2).important is False  # 0.8 points, 27 %
    assert verdict(PAIN, 0, 0).direction is Direction.SAME
    assert verdict(PAIN, 2, 3.5).important is False  # worse, not by 2 points


def test_no_change_is_the_same_and_moves_nothing():
    assert verdict(ODI, 40, 40) == verdict(ODI, 40, 40).__class__(Direction.SAME, 0, False)


def test_a_change_under_a_point_still_has_its_direction():
    assert verdict(PSFS, 5, 5.5).direction is Direction.BETTER
    assert verdict(PAIN, 4, 4.5).direction is Direction.WORSE


def test_the_change_is_told_to_a_tenth_of_a_point():
    # Weekly pain is an average: 6.33 -> 4 is 2.3 points.
    assert verdict(PAIN, 6.33, 4).change == 2.3


def test_thirty_percent_exactly_counts_whatever_the_start():
    assert verdict(PAIN, 5, 3.5).important is True  # 1.5 points, 30 % exactly
    assert verdict(PAIN, 1, 0.6).important is True  # 0.4 points, 40 %


def test_the_pain_threshold_reads_points_or_a_share():
    assert PAIN.threshold == "2-point (or 30 %)"
    assert ODI.threshold == "10-point"


def test_sentences_say_the_change_and_name_the_source():
    assert verdict_sentence(ODI, 42, 28) == (
        "14 points better since the start (42 → 28). That reaches the 10-point change that "
        "counts as a real improvement (Ostelo et al., Spine 2008)."
    )
    small = verdict_sentence(PSFS, 4, 5)
    assert small.startswith("1 point better since the start (4 → 5). That is less than the 2-point")
    assert "Stratford" in small
    assert "may not be one you notice yet" in small
    assert "real worsening (Ostelo" in verdict_sentence(ODI, 20, 34)
    assert "A drop of 33 % reaches the 30 %" in verdict_sentence(PAIN, 3, 2)
    # Two points reach the points threshold itself, whatever share of the start they are.
    assert "reaches the 2-point (or 30 %) change" in verdict_sentence(PAIN, 6, 4)
    assert "Farrar" in verdict_sentence(PAIN, 3, 2)
    assert verdict_sentence(PSFS, 5, 5) == "No change since the start (5 → 5)."


def test_an_outcome_needs_two_values_for_a_verdict():
    one = Outcome(ODI, (Point(START, 40),))
    assert one.start == Point(START, 40)
    assert one.latest is None
    assert one.sentence is None
    assert Outcome(ODI, ()).sentence is None


def test_an_outcome_keeps_its_window_oldest_first():
    points = [Point(START + timedelta(days=n), n) for n in (20, 0, 10, 40)]
    kept = outcome(PAIN, points, START + timedelta(days=5), START + timedelta(days=30))
    assert [p.value for p in kept.points] == [10, 20]
    assert [p.value for p in outcome(PAIN, points).points] == [0, 10, 20, 40]


def test_weekly_means_are_dated_by_monday():
    monday = date(2026, 11, 30)
    days = [Point(monday, 6), Point(monday + timedelta(days=6), 4),
            Point(monday + timedelta(days=7), 3)]  # fmt: skip
    assert weekly_means(days) == [Point(monday, 5), Point(monday + timedelta(days=7), 3)]
