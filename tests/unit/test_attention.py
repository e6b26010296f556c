from datetime import UTC, datetime, timedelta

import pytest

from portal.programs.attention import OpenFlag, PatientSignals, Urgency, needs_attention

CALM = PatientSignals(
    open_flags=(),
    latest_pain=3,
    pain_a_week_ago=3,
    adherence_7_days=0.9,
    days_since_activity=0,
    has_program=True,
)


def signals(**changes):
    return PatientSignals(**{**CALM.__dict__, **changes})


NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
SHARP_PAIN_YESTERDAY = OpenFlag(
    False, "Sharp pain: stopped GB30 Huantiao, 19:00 yesterday", NOW - timedelta(hours=19)
)
SCREENING_TODAY = OpenFlag(False, "Screening: pregnant, 14:00 today", NOW - timedelta(hours=1))
RED_FLAG_NOW = OpenFlag(True, "Red flag: numbness in the saddle area, 14:25 today", NOW)


def test_open_safety_flags_come_first_newest_first():
    attention = needs_attention(
        signals(open_flags=(SHARP_PAIN_YESTERDAY, SCREENING_TODAY), latest_pain=9,
                adherence_7_days=0.1)
    )  # fmt: skip
    assert attention.urgency is Urgency.SAFETY_FLAG
    assert attention.reason == "Screening: pregnant, 14:00 today"
    assert attention.more == ("Sharp pain: stopped GB30 Huantiao, 19:00 yesterday",)


def test_a_red_flag_outranks_an_older_sharp_pain_flag_and_everything_else():
    red = needs_attention(signals(open_flags=(RED_FLAG_NOW,)))
    others = [
        needs_attention(signals(open_flags=(SHARP_PAIN_YESTERDAY,))),
        needs_attention(signals(latest_pain=9)),
        needs_attention(signals(days_since_activity=None)),
        needs_attention(CALM),
    ]
    assert red.urgency is Urgency.RED_FLAG
    assert all(red.urgency < other.urgency for other in others)
    assert red.reason == "Red flag: numbness in the saddle area, 14:25 today"


def test_a_red_flag_heads_the_patients_own_flags_even_when_older():
    older_red = OpenFlag(
        True, "Red flag: fever with back pain, 08:00 today", NOW - timedelta(hours=6)
    )
    attention = needs_attention(signals(open_flags=(SCREENING_TODAY, older_red)))
    assert attention.urgency is Urgency.RED_FLAG
    assert attention.reason == "Red flag: fever with back pain, 08:00 today"
    assert attention.more == ("Screening: pregnant, 14:00 today",)


@pytest.mark.parametrize(
    ("latest", "week_ago", "reason"),
    [
        (7, 7, "Pain 7/10 at the last session"),
        (5, 3, "Pain up from 3 to 5 this week"),
    ],
)
def test_rising_pain(latest, week_ago, reason):
    attention = needs_attention(signals(latest_pain=latest, pain_a_week_ago=week_ago))
    assert attention.urgency is Urgency.RISING_PAIN
    assert attention.reason == reason


def test_pain_up_by_one_is_not_rising():
    assert needs_attention(signals(latest_pain=4, pain_a_week_ago=3)).urgency is Urgency.ON_TRACK


def test_low_adherence():
    attention = needs_attention(signals(adherence_7_days=0.4))
    assert attention.urgency is Urgency.NOT_FOLLOWING
    assert attention.reason == "Did 40% of the program in the last 7 days"


def test_half_is_not_low():
    assert needs_attention(signals(adherence_7_days=0.5)).urgency is Urgency.ON_TRACK


def test_three_quiet_days():
    attention = needs_attention(signals(days_since_activity=3))
    assert attention.urgency is Urgency.NOT_FOLLOWING
    assert attention.reason == "No practice for 3 days"
    assert needs_attention(signals(days_since_activity=2)).urgency is Urgency.ON_TRACK


def test_never_practised():
    attention = needs_attention(signals(days_since_activity=None, latest_pain=None))
    assert attention.reason == "No practice logged yet"


def test_on_track_says_so():
    assert needs_attention(CALM).reason == "On track: 90% in the last 7 days"


def test_sorting_by_urgency():
    found = sorted(
        [
            needs_attention(CALM),
            needs_attention(signals(open_flags=(SHARP_PAIN_YESTERDAY,))),
            needs_attention(signals(latest_pain=8)),
            needs_attention(signals(open_flags=(RED_FLAG_NOW,))),
        ],  # fmt: skip
        key=lambda attention: attention.urgency,
    )
    assert [a.urgency for a in found] == [
        Urgency.RED_FLAG,
        Urgency.SAFETY_FLAG,
        Urgency.RISING_PAIN,
        Urgency.ON_TRACK,
    ]
