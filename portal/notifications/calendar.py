"""Calendar files (.ics) for appointments: one stable UID per appointment, SEQUENCE going up
with each change, METHOD:CANCEL when it is cancelled, times in UTC."""

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
    if entry.starts_at.tzinfo is None or entry.ends_at.tzinfo is None:
        raise ValueError("calendar times must be aware")
    calendar = Calendar()
    calendar.add("prodid", "-//Sthira Physio//Clinic portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if entry.cancelled else "REQUEST")
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
    calendar.add_component(event)
    return calendar.to_ical()
