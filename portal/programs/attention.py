"""Which patients a therapist should look at first, and the one-line reason why; and, from
what is stored now, how that answer and what it reads change over the days to come
(attention_spans)."""

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from portal.programs.adherence import adherence

WINDOW_DAYS = 7  # the recent days that pain and adherence are read from, today included
RISING_PAIN_LEVEL = 7
RISING_PAIN_STEP = 2
LOW_ADHERENCE = 0.5
QUIET_DAYS = 3


class Urgency(enum.IntEnum):
    """Lower sorts first."""

    RED_FLAG = 0
    SAFETY_FLAG = 1
    RISING_PAIN = 2
    NOT_FOLLOWING = 3
    ON_TRACK = 4


@dataclass(frozen=True)
class OpenFlag:
    urgent: bool  # a red flag: the patient was sent to urgent care
    line: str  # its kind, what and when: "Red flag: numbness in the saddle area, 11:42 today"
    raised_at: datetime


@dataclass(frozen=True)
class PatientSignals:
    open_flags: tuple[OpenFlag, ...]
    latest_pain: int | None  # the most recent pain score logged
    pain_a_week_ago: int | None  # the first pain score logged in the last 7 days
    adherence_7_days: float | None  # None when nothing was due
    days_since_activity: int | None  # None when the patient never logged anything
    has_program: bool


@dataclass(frozen=True)
class Attention:
    urgency: Urgency
    reason: str
    more: tuple[str, ...] = ()  # the patient's other open flags, one line each


def needs_attention(signals: PatientSignals) -> Attention:
    if signals.open_flags:
        return _flagged(signals.open_flags)
    if signals.latest_pain is not None and signals.latest_pain >= RISING_PAIN_LEVEL:
        return Attention(Urgency.RISING_PAIN, f"Pain {signals.latest_pain}/10 at the last session")
    if (
        signals.latest_pain is not None
        and signals.pain_a_week_ago is not None
        and signals.latest_pain - signals.pain_a_week_ago >= RISING_PAIN_STEP
    ):
        return Attention(
            Urgency.RISING_PAIN,
            f"Pain up from {signals.pain_a_week_ago} to {signals.latest_pain} this week",
        )
    if signals.has_program:
        return _following(signals)
    return Attention(Urgency.ON_TRACK, "No home program yet")


def _flagged(flags: tuple[OpenFlag, ...]) -> Attention:
    """Every open flag is listed: red flags first, then the newest."""
    ordered = sorted(flags, key=lambda flag: (not flag.urgent, -flag.raised_at.timestamp()))
    urgency = Urgency.RED_FLAG if ordered[0].urgent else Urgency.SAFETY_FLAG
    return Attention(urgency, ordered[0].line, tuple(flag.line for flag in ordered[1:]))


def _following(signals: PatientSignals) -> Attention:
    quiet = signals.days_since_activity
    if quiet is None or quiet >= QUIET_DAYS:
        text = "No practice logged yet" if quiet is None else f"No practice for {quiet} days"
        return Attention(Urgency.NOT_FOLLOWING, text)
    if signals.adherence_7_days is not None and signals.adherence_7_days < LOW_ADHERENCE:
        percent = round(signals.adherence_7_days * 100)
        return Attention(Urgency.NOT_FOLLOWING, f"Did {percent}% of the program in the last 7 days")
    if signals.adherence_7_days is None:
        return Attention(Urgency.ON_TRACK, "Nothing due in the last 7 days")
    return Attention(
        Urgency.ON_TRACK, f"On track: {round(signals.adherence_7_days * 100)}% in the last 7 days"
    )


@dataclass(frozen=True)
class LoggedSession:
    day: date  # the patient's local date
    pain_before: int | None


@dataclass(frozen=True)
class History:
    """What needs_attention() reads, as stored: enough to give its signals on the days its
    logs and due_by_day cover (load_histories: from a start day to steady_from())."""

    open_flags: tuple[OpenFlag, ...]
    has_program: bool
    logs: tuple[LoggedSession, ...]  # in the order they were done
    last_log: date | None  # the latest logged day of all
    due_by_day: Mapping[date, int]  # occurrences the plans make due, days with none left out
    # From this day on the plans make the same occurrences due every week (past every plan's
    # start and end and every version's start): None when no plan makes anything due.
    weekly_from: date | None


@dataclass(frozen=True)
class WindowSignals:
    """A day's signals but the open flags: what the last WINDOW_DAYS days hold (pain scores,
    occurrences due, sessions done) and the last logged day, from which the days since
    activity follow on any day. What patient_attention stores for each run of days."""

    latest_pain: int | None
    pain_a_week_ago: int | None
    due: int
    done: int
    last_log: date | None
    has_program: bool

    def on(self, day: date, open_flags: tuple[OpenFlag, ...]) -> PatientSignals:
        return PatientSignals(
            open_flags=open_flags,
            latest_pain=self.latest_pain,
            pain_a_week_ago=self.pain_a_week_ago,
            adherence_7_days=adherence(self.due, self.done),
            days_since_activity=None if self.last_log is None else (day - self.last_log).days,
            has_program=self.has_program,
        )


def window_signals(history: History, today: date) -> WindowSignals:
    first = today - timedelta(days=WINDOW_DAYS - 1)
    window = [log for log in history.logs if first <= log.day <= today]
    pains = [log.pain_before for log in window if log.pain_before is not None]
    due = sum(history.due_by_day.get(first + timedelta(days=n), 0) for n in range(WINDOW_DAYS))
    return WindowSignals(
        latest_pain=pains[-1] if pains else None,
        pain_a_week_ago=pains[0] if pains else None,
        due=due,
        done=len(window),
        last_log=history.last_log,
        has_program=history.has_program,
    )


def signals_on(history: History, today: date) -> PatientSignals:
    return window_signals(history, today).on(today, history.open_flags)


def settled_from(start: date, last_log: date | None) -> date:
    """The first day from which, with nothing new written, the logs in the window no longer
    change: once the latest log has left it, none is left."""
    if last_log is None:
        return start
    return max(start, last_log + timedelta(days=WINDOW_DAYS))


# How far ahead the rows are worked out at most: the nightly refresh rewrites them long before.
STORED_DAYS = 400


def steady_from(start: date, last_log: date | None, weekly_from: date | None) -> date:
    """The first day from which, with nothing new written, the window's signals no longer
    change: no log is left in it, and the occurrences due in a week are the same every week
    (a window of seven days holds each weekday once). Never past STORED_DAYS from `start`:
    a version set to start in the year 9999 must not make every refresh walk to it."""
    settled = settled_from(start, last_log)
    if weekly_from is None:
        return settled
    horizon = start + timedelta(days=STORED_DAYS)
    if weekly_from >= horizon:
        return max(settled, horizon)
    return max(settled, weekly_from + timedelta(days=WINDOW_DAYS - 1))


@dataclass(frozen=True)
class AttentionSpan:
    starts_on: date
    ends_on: date | None  # None: for good (until something new is written)
    urgency: Urgency
    signals: WindowSignals


def attention_spans(history: History, start: date) -> list[AttentionSpan]:
    """needs_attention()'s urgency and the window's signals on every day from `start` on, as
    runs of days alike; the last run never ends. Its due_by_day must cover from
    WINDOW_DAYS - 1 days before `start` to steady_from()."""
    spans: list[AttentionSpan] = []
    for day in _days_that_may_differ(history, start):
        signals = window_signals(history, day)
        urgency = needs_attention(signals.on(day, history.open_flags)).urgency
        if spans and (spans[-1].urgency, spans[-1].signals) == (urgency, signals):
            continue
        if spans:
            spans[-1] = replace(spans[-1], ends_on=day - timedelta(days=1))
        spans.append(AttentionSpan(day, None, urgency, signals))
    return spans


def _days_that_may_differ(history: History, start: date) -> Iterator[date]:
    """`start` and every day after it whose signals may differ from the day before's: each
    day while logs are in the window; after that, only the days the window's count of what
    is due changes (it gains one day and loses the day a week before), up to steady_from().
    A plan ending in a year is then a handful of days to work out, not 365."""
    settled = settled_from(start, history.last_log)
    last = steady_from(start, history.last_log, history.weekly_from)
    due = history.due_by_day.get
    day = start
    while day <= last:
        if day <= settled or due(day, 0) != due(day - timedelta(days=WINDOW_DAYS), 0):
            yield day
        day += timedelta(days=1)
