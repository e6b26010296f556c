from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.programs.attention import (
    STORED_DAYS,
    WINDOW_DAYS,
    History,
    LoggedSession,
    OpenFlag,
    PatientSignals,
    Urgency,
    attention_spans,
    needs_attention,
    settled_from,
    signals_on,
    steady_from,
)
from portal.programs.models import PlanStatus
from portal.programs.queries import PlanSchedule, scheduled_due_counts, weekly_from
from portal.programs.schedule import ScheduledItem, VersionStart

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


def test_the_percentage_is_rounded_to_the_nearest_whole_one():
    # Three of nine sessions due: 33.3 %.
    assert needs_attention(signals(adherence_7_days=3 / 9)).reason == (
        "Did 33% of the program in the last 7 days"
    )


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


def test_the_urgencies_are_stored_as_the_numbers_0_to_4_in_their_order():
    """patient_attention.urgency holds these numbers (checked 0-4 by the database) and the
    dashboard sorts by them: changing one needs a migration of the stored rows."""
    assert [(urgency.name, urgency.value) for urgency in Urgency] == [
        ("RED_FLAG", 0), ("SAFETY_FLAG", 1), ("RISING_PAIN", 2), ("NOT_FOLLOWING", 3),
        ("ON_TRACK", 4),
    ]  # fmt: skip


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


# Urgency over the days to come, from what is stored now (patient_attention's rows).

MONDAY = date(2026, 11, 30)


def history(logs=(), flags=(), has_program=True, due_per_day=1, last_log=None):
    logs = tuple(LoggedSession(day, pain) for day, pain in sorted(logs, key=lambda log: log[0]))
    days = [MONDAY + timedelta(days=n) for n in range(-20, PLAN_ENDS)]
    return History(
        open_flags=flags,
        has_program=has_program,
        logs=logs,
        last_log=last_log or max((log.day for log in logs), default=None),
        due_by_day=dict.fromkeys(days, due_per_day) if due_per_day else {},
        weekly_from=MONDAY + timedelta(days=PLAN_ENDS) if due_per_day else None,
    )


PLAN_ENDS = 40  # days after MONDAY: nothing is due from then on


def test_signals_read_the_last_seven_days_up_to_today():
    seen = history([(MONDAY - timedelta(days=7), 9), (MONDAY - timedelta(days=6), 2),
                    (MONDAY, 4), (MONDAY + timedelta(days=1), 8)])  # fmt: skip
    signals = signals_on(seen, MONDAY)
    assert (signals.pain_a_week_ago, signals.latest_pain) == (2, 4)
    assert signals.adherence_7_days == 2 / 7  # a log after today is not done yet
    assert signals.days_since_activity == -1  # ...but it is the latest log


def test_the_answer_settles_a_week_after_the_last_log():
    assert settled_from(MONDAY, None) == MONDAY
    assert settled_from(MONDAY, MONDAY - timedelta(days=30)) == MONDAY
    assert settled_from(MONDAY, MONDAY - timedelta(days=2)) == MONDAY + timedelta(days=5)


HISTORIES = {
    "never practised": history(),
    "no program": history(has_program=False),
    "a week of practice, pain rising": history(
        [(MONDAY - timedelta(days=n), 3 + (6 - n)) for n in range(7)]
    ),
    "pain 7 once, then calm": history([(MONDAY - timedelta(days=2), 7), (MONDAY, 2)]),
    "twice a day, half done": history(
        [(MONDAY - timedelta(days=n), None) for n in range(7)], due_per_day=2
    ),
    "flagged, quiet": history(flags=(RED_FLAG_NOW,), last_log=MONDAY - timedelta(days=40)),
}


def urgency_runs(spans):
    """(first day, last day, urgency) of each run of days with the same urgency."""
    runs = []
    for span in spans:
        if runs and runs[-1][2] == span.urgency:
            runs[-1] = (runs[-1][0], span.ends_on, span.urgency)
        else:
            runs.append((span.starts_on, span.ends_on, span.urgency))
    return runs


def test_the_window_stops_changing_once_its_logs_are_gone_and_the_weeks_are_alike():
    last_log = MONDAY - timedelta(days=2)
    assert steady_from(MONDAY, last_log, None) == MONDAY + timedelta(days=5)
    assert steady_from(MONDAY, last_log, MONDAY) == MONDAY + timedelta(days=6)
    assert steady_from(MONDAY, None, MONDAY + timedelta(days=20)) == MONDAY + timedelta(days=26)
    assert steady_from(MONDAY, None, MONDAY - timedelta(days=20)) == MONDAY


def test_a_start_in_the_far_future_is_worked_out_only_so_far():
    """A version set to start in the year 9999 (the editor refuses it now; the rows must not
    break on one already stored): the rows go STORED_DAYS ahead, the nightly refresh redoes
    them long before."""
    far = date.max
    horizon = MONDAY + timedelta(days=STORED_DAYS)
    assert steady_from(MONDAY, None, far) == horizon
    assert steady_from(MONDAY, None, horizon) == horizon  # from the horizon on: no further
    seen = replace(HISTORIES["never practised"], weekly_from=far)
    assert attention_spans(seen, MONDAY)[-1].ends_on is None
    ends_never = PlanSchedule(PlanStatus.ACTIVE, MONDAY, far, ((VersionStart(1, 1, MONDAY), ()),))
    assert weekly_from([ends_never]) == MONDAY


@pytest.mark.parametrize("name", HISTORIES)
def test_spans_say_what_needs_attention_reads_and_says_on_every_day(name):
    seen = HISTORIES[name]
    spans = attention_spans(seen, MONDAY)
    assert spans[-1].ends_on is None
    for before, after in zip(spans, spans[1:], strict=False):
        assert after.starts_on == before.ends_on + timedelta(days=1)
        assert (after.urgency, after.signals) != (before.urgency, before.signals)
    for offset in range(PLAN_ENDS + 20):
        day = MONDAY + timedelta(days=offset)
        [span] = [s for s in spans if s.starts_on <= day <= (s.ends_on or day)]
        from_scratch = signals_on(seen, day)
        assert (day, span.urgency) == (day, needs_attention(from_scratch).urgency)
        assert (day, span.signals.on(day, seen.open_flags)) == (day, from_scratch)


def test_a_plan_ending_shows_in_the_days_to_come():
    """Long after the last log, the window's adherence still changes: 0% while the plan
    makes something due, nothing to measure a week after it has ended."""
    spans = attention_spans(HISTORIES["never practised"], MONDAY)
    ended = MONDAY + timedelta(days=PLAN_ENDS + 6)
    assert spans[-1].starts_on == ended
    assert (spans[-1].signals.due, spans[-2].signals.due) == (0, 1)


def test_a_rising_week_turns_into_not_following_once_it_has_passed():
    spans = attention_spans(HISTORIES["a week of practice, pain rising"], MONDAY)
    assert urgency_runs(spans) == [
        (MONDAY, MONDAY + timedelta(days=6), Urgency.RISING_PAIN),  # 9 today, 3 a week ago
        (MONDAY + timedelta(days=7), None, Urgency.NOT_FOLLOWING),
    ]
    assert len(spans) > 2  # the window's pain and adherence change day by day


# Against the day-by-day answer, for any history: the plans' dues are worked out far beyond
# the stored horizon, so a wrong steady_from() or weekly_from() shows up as a wrong day.

_ITEMS = st.tuples(st.integers(1, 127), st.integers(1, 3))  # weekdays mask, times a day


@st.composite
def schedules(draw):
    plans = []
    for number in range(draw(st.integers(0, 2))):
        starts = MONDAY + timedelta(days=draw(st.integers(-60, 30)))
        length = draw(st.one_of(st.none(), st.integers(0, 90)))
        status = draw(st.sampled_from(list(PlanStatus)))
        versions = [
            (
                VersionStart(10 * number + v, v + 1,
                             starts + timedelta(days=draw(st.integers(0, 60)) if v else 0)),
                tuple(ScheduledItem(100 * number + 10 * v + i, *item)
                      for i, item in enumerate(draw(st.lists(_ITEMS, max_size=3)))),
            )
            for v in range(draw(st.integers(1, 3)))
        ]  # fmt: skip
        plans.append(
            PlanSchedule(status, starts, None if length is None else starts + timedelta(length),
                         tuple(versions))
        )  # fmt: skip
    return plans


@settings(max_examples=150, deadline=None)
@given(
    plans=schedules(),
    logs=st.lists(
        st.tuples(st.integers(-20, 2), st.one_of(st.none(), st.integers(0, 10))), max_size=12
    ),
    flagged=st.booleans(),
)
def test_spans_say_on_every_day_what_the_day_by_day_answer_says(plans, logs, flagged):
    logged = tuple(
        LoggedSession(MONDAY + timedelta(days=offset), pain)
        for offset, pain in sorted(logs, key=lambda log: log[0])
    )
    last_log = max((log.day for log in logged), default=None)
    far = MONDAY + timedelta(days=250)
    seen = History(
        open_flags=(SHARP_PAIN_YESTERDAY,) if flagged else (),
        has_program=any(plan.versions for plan in plans),
        logs=logged,
        last_log=last_log,
        due_by_day=scheduled_due_counts(plans, MONDAY - timedelta(days=WINDOW_DAYS), far),
        weekly_from=weekly_from(plans),
    )
    spans = attention_spans(seen, MONDAY)
    assert spans[-1].ends_on is None
    for offset in range((far - MONDAY).days):
        day = MONDAY + timedelta(days=offset)
        [span] = [s for s in spans if s.starts_on <= day <= (s.ends_on or day)]
        from_scratch = signals_on(seen, day)
        assert (day, span.signals.on(day, seen.open_flags)) == (day, from_scratch)
        assert (day, span.urgency) == (day, needs_attention(from_scratch).urgency)
