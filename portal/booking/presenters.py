"""Slots and appointments as people read them, in the centre's local time."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from portal.booking.availability import TherapistSlot
from portal.booking.models import Appointment, AppointmentStatus
from portal.booking.policy import patient_may_change
from portal.languages import gettext as _
from portal.languages import lazy_gettext as _l
from portal.localtime import Zone, centre_zone, clock, day_and_clock, to_local

# What the patient reads of an appointment's status.
STATUS_LABELS = {
    AppointmentStatus.BOOKED: _l("booked"),
    AppointmentStatus.CANCELLED: _l("cancelled"),
    AppointmentStatus.COMPLETED: _l("completed"),
    AppointmentStatus.NO_SHOW: _l("no show"),
}
PARTS_OF_DAY = ((_l("Morning"), 0, 12), (_l("Afternoon"), 12, 16), (_l("Evening"), 16, 24))


def slot_value(moment: datetime) -> str:
    """The instant as it travels in URLs: UTC with a Z, so no '+' turns into a space."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def when(moment: datetime, zone: Zone, language: str = "en") -> str:
    """'Mon 30 Nov, 9:15 am' in the centre's time (in `language`)."""
    return day_and_clock(moment, zone, year=False, language=language)


@dataclass(frozen=True)
class SlotChoice:
    starts_at: datetime
    label: str  # '9:15 am'
    value: str  # ISO instant in UTC, for the URL


def group_by_part_of_day(slots: Sequence[TherapistSlot], zone: Zone, language: str = "en"):
    """[('Morning', [SlotChoice…]), …] with each start once, whichever therapist is free."""
    starts = sorted({slot.starts_at for slot in slots})
    groups = []
    for name, first_hour, end_hour in PARTS_OF_DAY:
        choices = [
            SlotChoice(start, clock(to_local(start, zone), language=language), slot_value(start))
            for start in starts
            if first_hour <= to_local(start, zone).hour < end_hour
        ]
        if choices:
            groups.append((name, choices))
    return groups


def nearest(slots: Sequence[TherapistSlot], wanted: datetime, how_many: int = 4):
    starts = sorted({slot.starts_at for slot in slots}, key=lambda s: abs(s - wanted))
    return sorted(starts[:how_many])


def day_strip(today: date, days: int, open_days: set[date]) -> list[tuple[date, bool]]:
    return [
        (today + timedelta(days=n), today + timedelta(days=n) in open_days) for n in range(days)
    ]


@dataclass(frozen=True)
class AppointmentRow:
    id: int
    service: str
    where: str
    therapist: str
    when: str
    status: AppointmentStatus
    status_label: str
    can_change: bool
    centre_phone: str | None


def appointment_row(
    appointment: Appointment, now: datetime, language: str = "en"
) -> AppointmentRow:
    centre = appointment.centre
    return AppointmentRow(
        id=appointment.id,
        service=appointment.service.name,
        where=appointment.home_address or _("%(centre)s centre", centre=centre.name),
        therapist=appointment.therapist.name,
        when=when(appointment.starts_at, centre_zone(centre), language),
        status=appointment.status,
        status_label=str(STATUS_LABELS[appointment.status]),
        can_change=appointment.status is AppointmentStatus.BOOKED
        and patient_may_change(appointment.starts_at, now),
        centre_phone=centre.phone,
    )
