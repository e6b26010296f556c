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
    movement: list[tuple[str, str, str]]  # (movement, range, degrees)
    slr: list[tuple[str, str, str]]  # (side, angle, result)
    neuro: list[tuple[str, list[tuple[str, str, str]]]]  # (test, [(level · by, left, right)])
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
        sections=[
            (heading, text)
            for heading, text in (
                ("Subjective", note.subjective),
                ("Objective", note.objective),
                ("Assessment", note.assessment),
                ("Plan", note.plan),
            )
            if text
        ],  # fmt: skip
        pain=[("Now", _pain(note.pain_now)), ("Worst in 24 h", _pain(note.pain_worst))],
        movement=[
            (label, shown(f"rom_{key}_grade", found), shown(f"rom_{key}_degrees", found))
            for key, label in MOVEMENTS
        ],  # fmt: skip
        slr=[
            (label, shown(f"slr_{side}_angle", found), shown(f"slr_{side}_result", found))
            for side, label in SIDES
        ],  # fmt: skip
        neuro=[
            (
                label,
                [
                    (
                        f"{level} · {by_level[level]}",
                        shown(f"neuro_{test}_{level}_left", found),
                        shown(f"neuro_{test}_{level}_right", found),
                    )
                    for level in LEVELS
                ],
            )
            for test, label, by_level in NEURO_TESTS
        ],  # fmt: skip
        red_flags=[
            (label, shown(f"red_flag_{key}", found))
            for key, label in RED_FLAGS
            if f"red_flag_{key}" in found
        ],  # fmt: skip
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


def _when(moment: datetime | None, zone) -> str | None:
    return day_and_clock(moment, zone) if moment else None


def _pain(value: int | None) -> str:
    return "–" if value is None else f"{value}/10"
