"""How a safety flag reads to staff, and the caution a confirmed override leaves: pure rules."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.localtime import describe_when
from portal.safety.rules import (
    FlagKind,
    Pregnancy,
    RedFlag,
    ScreeningAnswers,
    flag_line,
    join_words,
    override_caution,
    red_flags_in_words,
)

KOLKATA = "Asia/Kolkata"
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # 14:30 on 2 Dec in Bengaluru


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 12, 2, 6, 12, tzinfo=UTC), "11:42 today"),
        # 00:30 on 2 Dec in Bengaluru is still 1 Dec in UTC: the centre's day counts.
        (datetime(2026, 12, 1, 19, 0, tzinfo=UTC), "00:30 today"),
        (datetime(2026, 12, 1, 18, 0, tzinfo=UTC), "23:30 yesterday"),
        (datetime(2026, 11, 28, 3, 40, tzinfo=UTC), "28 Nov, 09:10"),
        (datetime(2025, 12, 28, 3, 40, tzinfo=UTC), "28 Dec 2025, 09:10"),
    ],
)
def test_when_reads_in_the_centres_local_time(moment, expected):
    assert describe_when(moment, KOLKATA, NOW) == expected


def test_when_refuses_a_naive_time():
    with pytest.raises(ValueError, match="naive"):
        describe_when(datetime(2026, 12, 2, 6, 12), KOLKATA, NOW)  # noqa: DTZ001


def test_a_red_flag_says_its_kind_what_and_when():
    what = red_flags_in_words({RedFlag.SADDLE_NUMBNESS})
    when = describe_when(datetime(2026, 12, 2, 6, 12, tzinfo=UTC), KOLKATA, NOW)
    assert flag_line(FlagKind.RED_FLAG, what, when) == (
        "Red flag: numbness in the saddle area, 11:42 today"
    )


def test_several_red_flags_read_as_one_sentence_in_the_forms_order():
    reported = {RedFlag.FALL_OR_INJURY, RedFlag.SADDLE_NUMBNESS, RedFlag.FEVER}
    assert red_flags_in_words(reported) == (
        "numbness in the saddle area, fever with back pain and a recent fall or injury"
    )


@pytest.mark.parametrize(
    ("words", "sentence"),
    [
        ([], ""),
        (["fever with back pain"], "fever with back pain"),
        (["fever with back pain", "a recent fall"], "fever with back pain and a recent fall"),
        (["a", "b", "c"], "a, b and c"),
    ],
)
def test_words_are_joined_with_commas_and_a_last_and(words, sentence):
    assert join_words(words) == sentence


@pytest.mark.parametrize(
    ("kind", "what", "expected"),
    [
        (
            FlagKind.SHARP_PAIN,
            "stopped BL23 Shenshu",
            "Sharp pain: stopped BL23 Shenshu, 09:10 yesterday",
        ),
        (FlagKind.SCREENING, "pregnant", "Screening: pregnant, 09:10 yesterday"),
        (FlagKind.SHARP_PAIN, "", "Sharp pain, 09:10 yesterday"),
    ],
)
def test_every_kind_of_flag_names_itself(kind, what, expected):
    assert flag_line(kind, what, "09:10 yesterday") == expected


def test_only_red_flags_are_urgent():
    assert [kind for kind in FlagKind if kind.urgent] == [FlagKind.RED_FLAG]


ANSWERED = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
PREGNANT = ScreeningAnswers(Pregnancy.YES, False, False, ANSWERED)


def _caution(answers=PREGNANT, confirmed_at=ANSWERED + timedelta(hours=2), avoid=True):
    return override_caution(avoid, answers, confirmed_at, "Dr. Arjun Hegde", "1 Dec 2026")


def test_a_confirmed_override_leaves_a_caution_naming_who_when_and_why():
    assert _caution() == "Confirmed by Dr. Arjun Hegde on 1 Dec 2026 despite: pregnant"


def test_the_caution_names_every_concern_overridden():
    unsure_with_high_bp = ScreeningAnswers(Pregnancy.NOT_SURE, True, False, ANSWERED)
    assert _caution(unsure_with_high_bp).endswith("despite: may be pregnant, high blood pressure")


def test_no_caution_without_a_confirmation_still_in_force():
    assert _caution(confirmed_at=None) is None
    # Newer answers lift the confirmation; the patient then sees the block instead.
    assert _caution(confirmed_at=ANSWERED - timedelta(minutes=1)) is None


def test_a_confirmation_the_moment_the_answers_were_given_leaves_the_caution():
    # The same rule as the block it replaces (tests/unit/test_safety_rules.py).
    assert _caution(confirmed_at=ANSWERED) is not None


def test_no_caution_when_nothing_was_overridden():
    calm = ScreeningAnswers(Pregnancy.NO, False, False, ANSWERED)
    assert _caution(calm) is None
    assert _caution(avoid=False) is None  # a point not avoided in pregnancy
