from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal.localtime import local_today

KOLKATA = ZoneInfo("Asia/Kolkata")


@pytest.fixture
def practice(make):
    """An Indiranagar centre with a therapist who works 9 to 6 every day, and a patient."""
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    therapist = make.therapist(centre, name="Dr. Arjun Hegde")
    make.working_week(therapist, centre)
    return {
        "centre": centre,
        "therapist": therapist,
        "patient": make.patient(name="Rohan Kulkarni", centre=centre),
        "service": make.service("follow-up"),
        "consultation": make.service("new-consultation"),
    }


@pytest.fixture
def upcoming_at():
    """A UTC instant at the given local Kolkata time, the day after tomorrow unless `days`
    says otherwise: beyond the booking lead time and the patient's 12-hour change cut-off
    whatever the hour the suite runs (tomorrow at 11:00 is within 12 hours after 23:00)."""

    def at(hour: int, minute: int = 0, days: int = 2) -> datetime:
        day = local_today("Asia/Kolkata") + timedelta(days=days)
        return datetime.combine(day, time(hour, minute), KOLKATA).astimezone(UTC)

    return at


@pytest.fixture
def booked(make, practice):
    """An appointment with the practice's therapist: booked(start, patient=the practice's)."""

    def appointment(starts_at: datetime, patient=None, therapist=None):
        return make.appointment(
            patient or practice["patient"],
            therapist or practice["therapist"],
            practice["centre"],
            practice["service"],
            starts_at,
        )

    return appointment
