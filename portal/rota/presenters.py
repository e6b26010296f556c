"""Time off's clashing appointments as rows for the rota page, in the centre's time."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from portal.booking.models import Appointment
from portal.localtime import Zone, clock, day_and_clock, to_local


@dataclass(frozen=True)
class ClashRow:
    id: int
    patient: str
    when: str
    service: str
    decision: str | None  # "cancel", "keep", or None: not decided yet
    missing: bool  # the desk saw this list already and left this one undecided


def clash_rows(
    clashes: Sequence[Appointment],
    decisions: Mapping[int, str],
    form: Mapping[str, str],
    zone: Zone,
) -> list[ClashRow]:
    answered = any(key.startswith("clash-") for key in form)
    return [
        ClashRow(
            id=appointment.id,
            patient=appointment.patient.name,
            when=f"{day_and_clock(appointment.starts_at, zone, year=False)}–"
            f"{clock(to_local(appointment.ends_at, zone))}",
            service=appointment.service.name,
            decision=decisions.get(appointment.id),
            missing=answered and appointment.id not in decisions,
        )
        for appointment in clashes
    ]
