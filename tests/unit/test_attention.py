import pytest

from portal.programs.attention import PatientSignals, Urgency, needs_attention

CALM = PatientSignals(
    open_flags=0,
    latest_pain=3,
    pain_a_week_ago=3,
    adherence_7_days=0.9,
    days_since_activity=0,
    has_program=True,
)


def signals(**changes):
    return PatientSignals(**{**CALM.__dict__, **changes})


def test_open_safety_flags_come_first():
    attention = needs_attention(signals(open_flags=2, latest_pain=9, adherence_7_days=0.1))
    assert attention.urgency is Urgency.SAFETY_FLAG
    assert attention.reason == "2 open safety flags"


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
            needs_attention(signals(open_flags=1)),
            needs_attention(signals(latest_pain=8)),
        ],  # fmt: skip
        key=lambda attention: attention.urgency,
    )
    assert [a.urgency for a in found] == [
        Urgency.SAFETY_FLAG,
        Urgency.RISING_PAIN,
        Urgency.ON_TRACK,
    ]
