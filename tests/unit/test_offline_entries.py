"""Reading what a phone sends back: an entry the app wrote, or unreadable (never an error)."""

import uuid
from datetime import date

import pytest

from portal.offline.entries import (
    MAX_ENTRIES,
    PracticeEntry,
    StopEntry,
    Unreadable,
    read_entries,
    read_entry,
)

STOP_ID = "5b1c0c1e-8d0a-4c53-9a43-0c2f1f1d9a10"
SESSION = {
    "key": "practice:7:2026-12-02:2",
    "kind": "practice",
    "item_id": 7,
    "occurrence_date": "2026-12-02",
    "occurrence_index": 2,
    "pain_before": "6",
    "pain_after": 3,
    "note": "Easier",
}
STOP = {"key": f"stop:{STOP_ID}", "kind": "stop", "id": STOP_ID, "item_id": 7,
        "occurrence_date": "2026-12-02"}  # fmt: skip


def test_a_session_keeps_its_occurrence_and_the_answers_as_the_form_posts_them():
    assert read_entry(SESSION) == PracticeEntry(
        key="practice:7:2026-12-02:2",
        item_id=7,
        day=date(2026, 12, 2),
        index=2,
        answers={"pain_before": "6", "pain_after": "3", "note": "Easier"},
    )


def test_missing_answers_are_left_for_the_form_to_refuse():
    entry = read_entry({k: v for k, v in SESSION.items() if k not in ("pain_after", "note")})
    assert isinstance(entry, PracticeEntry)
    assert entry.answers == {"pain_before": "6", "pain_after": "", "note": ""}


def test_a_stop_keeps_the_phones_id():
    assert read_entry(STOP) == StopEntry(
        key=f"stop:{STOP_ID}", item_id=7, day=date(2026, 12, 2), client_id=uuid.UUID(STOP_ID)
    )


def test_a_stop_without_a_readable_day_counts_for_today():
    entry = read_entry({**STOP, "occurrence_date": "soon"})
    assert isinstance(entry, StopEntry)
    assert entry.day is None


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "log"},
        {"key": ""},
        {"key": 5},
        {"key": "k" * 201},
        {"item_id": "7"},
        {"item_id": True},
        {"item_id": 0},
        {"item_id": 2**31},
        {"occurrence_date": "2026-13-01"},
        {"occurrence_date": None},
        {"occurrence_index": "2"},
        {"occurrence_index": 2.5},
    ],
)
def test_a_session_that_is_not_one_the_app_writes_is_unreadable(change):
    entry = read_entry({**SESSION, **change})
    assert isinstance(entry, Unreadable)
    expected_key = change.get("key", SESSION["key"])
    assert entry.key == (
        expected_key if isinstance(expected_key, str) and len(expected_key) <= 200 else ""
    )


@pytest.mark.parametrize(
    "change",
    [{"key": "k" * 200}, {"item_id": 1}, {"item_id": 2**31 - 1}, {"occurrence_index": 1}],
)
def test_the_limits_themselves_are_readable(change):
    entry = read_entry({**SESSION, **change})
    answers = {"pain_before": "6", "pain_after": "3", "note": "Easier"}
    assert entry == PracticeEntry(
        change.get("key", SESSION["key"]), change.get("item_id", 7), date(2026, 12, 2),
        change.get("occurrence_index", 2), answers,
    )  # fmt: skip


@pytest.mark.parametrize("stop_id", ["", "not-a-uuid", None, 12])
def test_a_stop_without_a_uuid_is_unreadable(stop_id):
    assert read_entry({**STOP, "id": stop_id}) == Unreadable(STOP["key"])


def test_the_body_is_a_list_of_at_most_max_entries_under_entries():
    assert read_entries({"entries": [SESSION, "x"]}) == [read_entry(SESSION), Unreadable("")]
    assert read_entries({"entries": [SESSION] * MAX_ENTRIES}) is not None
    assert read_entries({"entries": [SESSION] * (MAX_ENTRIES + 1)}) is None
    assert read_entries({"entries": {}}) is None
    assert read_entries([SESSION]) is None
    assert read_entries(None) is None
