"""A treatment note as people read it: its session in the centre's time, the examination as
tables built from notes/template.py, addenda with their signatures."""

from dataclasses import dataclass
from datetime import datetime

from portal.booking.models import Appointment
from portal.localtime import centre_zone, day_and_clock
from portal.notes.models import TreatmentNote
from portal.notes.template import (
    LEVELS,
    MOVEMENTS,
    NEURO_TESTS,
    RED_FLAGS,
    SIDES,
    red_flags_reported,
    shown,
)


def session_line(appointment: Appointment) -> str:
    """'Mon 30 Nov 2026, 9:15 am · Follow-up · Indiranagar centre' (or the home address)."""
    zone = centre_zone(appointment.centre)
    place = "Home visit" if appointment.home_address else f"{appointment.centre.name} centre"
    return f"{day_and_clock(appointment.starts_at, zone)} · {appointment.service.name} · {place}"


@dataclass(frozen=True)
class AddendumView:
    author: str
    signed: str
    body: str


@dataclass(frozen=True)
class NoteView:
    id: int
    appointment_id: int
    patient: str
    patient_id: int
    session: str
    author: str
    signed: str | None  # "Mon 30 Nov 2026, 10:02 am"; None: a draft
    sections: list[tuple[str, str]]  # (heading, text), the SOAP sections written
    pain: list[tuple[str, str]]
    movement: list[tuple[str, str, str]]  # (movement, range, degrees); none if not examined
    slr: list[tuple[str, str, str]]  # (side, angle, result); none if not tested
    # (test, [(level · by, left, right)]) for the tests done
    neuro: list[tuple[str, list[tuple[str, str, str]]]]
    red_flags: list[tuple[str, str]]  # (question, answer) for those asked
    red_flags_reported: list[str]
    summary: str | None
    summary_shared: bool
    addenda: list[AddendumView]


def note_view(note: TreatmentNote) -> NoteView:
    zone = centre_zone(note.appointment.centre)
    found = note.findings or {}
    return NoteView(
        id=note.id,
        appointment_id=note.appointment_id,
        patient=note.patient.name,
        patient_id=note.patient_id,
        session=session_line(note.appointment),
        author=note.author.name,
        signed=_when(note.signed_at, zone),
        sections=[(heading, text) for heading, text in _soap(note) if text],
        pain=[("Now", _pain(note.pain_now)), ("Worst in 24 h", _pain(note.pain_worst))],
        movement=_recorded(
            [
                _row(label, f"rom_{key}_grade", f"rom_{key}_degrees", found)
                for key, label in MOVEMENTS
            ]
        ),
        slr=_recorded(
            [_row(label, f"slr_{side}_angle", f"slr_{side}_result", found) for side, label in SIDES]
        ),
        neuro=[
            (label, rows)
            for test, label, by_level in NEURO_TESTS
            if (rows := _neuro_rows(test, by_level, found))
        ],
        red_flags=[
            (label, shown(f"red_flag_{key}", found))
            for key, label in RED_FLAGS
            if f"red_flag_{key}" in found
        ],
        red_flags_reported=red_flags_reported(found),
        summary=note.summary,
        summary_shared=note.share_summary,
        addenda=[
            AddendumView(
                addendum.author.name, day_and_clock(addendum.signed_at, zone), addendum.body
            )
            for addendum in note.addenda
        ],
    )


def _soap(note: TreatmentNote) -> list[tuple[str, str]]:
    return [
        ("Subjective", note.subjective),
        ("Objective", note.objective),
        ("Assessment", note.assessment),
        ("Plan", note.plan),
    ]


def _row(label: str, first: str, second: str, found) -> tuple[str, str, str]:
    return label, shown(first, found), shown(second, found)


def _neuro_rows(test: str, by_level: dict[str, str], found) -> list[tuple[str, str, str]]:
    return _recorded(
        [
            _row(
                f"{level} · {by_level[level]}",
                f"neuro_{test}_{level}_left",
                f"neuro_{test}_{level}_right",
                found,
            )
            for level in LEVELS
        ]
    )


def _recorded(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The rows of a table, or none when nothing in it was recorded (no table of dashes)."""
    return rows if any(cell != "–" for _label, *cells in rows for cell in cells) else []


def _when(moment: datetime | None, zone) -> str | None:
    return day_and_clock(moment, zone) if moment else None


def _pain(value: int | None) -> str:
    return "–" if value is None else f"{value}/10"
