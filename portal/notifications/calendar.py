"""Calendar files (.ics) for appointments: one stable UID per appointment, SEQUENCE going up
with each change, METHOD:CANCEL when it is cancelled, times in UTC."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event, vCalAddress, vText


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str
    description: str
    organizer_email: str
    attendee_email: str
    cancelled: bool = False
    stamp: datetime | None = None


def appointment_ics(entry: CalendarEntry) -> bytes:
    return calendar_ics([entry])


def calendar_ics(entries: Sequence[CalendarEntry]) -> bytes:
    """One calendar with a VEVENT per entry (a course of sessions: one file for all); all
    entries are cancelled or none."""
    if any(e.starts_at.tzinfo is None or e.ends_at.tzinfo is None for e in entries):
        raise ValueError("calendar times must be aware")
    calendar = Calendar()
    calendar.add("prodid", "-//Sthira Physio//Clinic portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if entries and entries[0].cancelled else "REQUEST")
    for entry in entries:
        calendar.add_component(_event(entry))
    return calendar.to_ical()


def _event(entry: CalendarEntry) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", entry.stamp or entry.starts_at)
    event.add("dtstart", entry.starts_at)
    event.add("dtend", entry.ends_at)
    event.add("summary", entry.summary)
    event.add("location", vText(entry.location))
    event.add("description", entry.description)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    event.add("organizer", vCalAddress(f"mailto:{entry.organizer_email}"))
    event.add("attendee", vCalAddress(f"mailto:{entry.attendee_email}"))
    return event
