"""What a phone sends when it comes back online: practice sessions and 'Sharp pain — stop'
presses queued while it was offline, read into plain values (or refused as unreadable) before
any rule is applied."""

import enum
import uuid
from dataclasses import dataclass
from datetime import date

MAX_ENTRIES = 100  # a week offline, six sessions a day of several items, fits many times over
MAX_KEY_LENGTH = 200


class Reason(enum.StrEnum):
    UNREADABLE = "unreadable"  # not an entry this app writes
    TOO_OLD = "too_old"  # outside the days that may be filled in
    NOT_FOUND = "not_found"  # not in the patient's program that day
    STOPPED = "stopped"  # the technique is stopped until the therapist has looked
    BLOCKED = "blocked"  # the screening keeps the point locked
    INVALID = "invalid"  # a pain score or the note does not pass the form's rules


@dataclass(frozen=True)
class PracticeEntry:
    key: str
    item_id: int
    day: date
    index: int
    answers: dict[str, str]  # pain_before, pain_after and note, as the practice form posts them


@dataclass(frozen=True)
class StopEntry:
    key: str
    item_id: int
    day: date | None  # None: the stop view's rule, today
    client_id: uuid.UUID


@dataclass(frozen=True)
class Unreadable:
    key: str


Entry = PracticeEntry | StopEntry | Unreadable


def read_entries(payload: object) -> list[Entry] | None:
    """The entries of a sync request's JSON body; None when the body is not a list of at most
    MAX_ENTRIES of them under "entries"."""
    entries = payload.get("entries") if isinstance(payload, dict) else None
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        return None
    return [read_entry(raw) for raw in entries]


def read_entry(raw: object) -> Entry:
    if not isinstance(raw, dict):
        return Unreadable("")
    key = raw.get("key")
    key = key if isinstance(key, str) and len(key) <= MAX_KEY_LENGTH else ""
    item_id = _whole_number(raw.get("item_id"))
    if not key or item_id is None:
        return Unreadable(key)
    if raw.get("kind") == "practice":
        return _practice(key, item_id, raw)
    if raw.get("kind") == "stop":
        return _stop(key, item_id, raw)
    return Unreadable(key)


def _practice(key: str, item_id: int, raw: dict) -> Entry:
    day = _day(raw.get("occurrence_date"))
    index = _whole_number(raw.get("occurrence_index"))
    if day is None or index is None:
        return Unreadable(key)
    answers = {name: _text(raw.get(name)) for name in ("pain_before", "pain_after", "note")}
    return PracticeEntry(key, item_id, day, index, answers)


def _stop(key: str, item_id: int, raw: dict) -> Entry:
    try:
        client_id = uuid.UUID(str(raw.get("id")))
    except ValueError:
        return Unreadable(key)
    return StopEntry(key, item_id, _day(raw.get("occurrence_date")), client_id)


def _whole_number(value: object) -> int | None:
    # bool is an int in Python; JSON's true is not an id.
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 2**31 - 1:
        return value
    return None


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _text(value: object) -> str:
    """Pain scores as the form's radio buttons send them ("0" to "10"), the note as typed."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else ""
