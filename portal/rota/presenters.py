"""Time off's clashing appointments as rows for the rota page, in the centre's time."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from portal.booking.models import Appointment
from portal.booking.presenters import clock, when


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
    timezone: str,
) -> list[ClashRow]:
    answered = any(key.startswith("clash-") for key in form)
    return [
        ClashRow(
            id=appointment.id,
            patient=appointment.patient.name,
            when=f"{when(appointment.starts_at, timezone)}–"
            f"{clock(appointment.ends_at.astimezone(ZoneInfo(timezone)))}",
            service=appointment.service.name,
            decision=decisions.get(appointment.id),
            missing=answered and appointment.id not in decisions,
        )
        for appointment in clashes
    ]
