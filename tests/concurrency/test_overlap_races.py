"""Races that only the real guards stop (issue 9, item 7): times that overlap without starting
together, which the unique index on (therapist, start) cannot catch.

- one therapist: 45-minute consultations at 11:00 and 30-minute follow-ups at 11:15;
- one patient: overlapping times with different therapists;
- home visits: times that do not overlap, but whose travel buffers do.

The guards: on PostgreSQL the exclusion constraints (therapist, patient) and the row locks
taken by `serialized()` (the only guard of travel buffers); on SQLite the write lock every
writing request takes at BEGIN. Each race sends ten requests at once; exactly one may win.
Bookings pause between their check and their write, so without the guards more than one wins
every time (checked: see the report of issue 9).
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from portal.booking.models import Appointment
from portal.booking.presenters import slot_value
from portal.extensions import db
from portal.localtime import local_today
from tests.concurrency.racing import (
    Attempt,
    HttpClient,
    InProcessClient,
    pause_bookings_between_check_and_write,
    race,
    server_errors,
)
from tests.concurrency.write_forms import requested_visits

KOLKATA = ZoneInfo("Asia/Kolkata")
RACERS = 10


def _tomorrow_at(hour: int, minute: int = 0) -> datetime:
    day = local_today("Asia/Kolkata") + timedelta(days=1)
    return datetime.combine(day, time(hour, minute), KOLKATA).astimezone(UTC)


@pytest.fixture
def centre(make):
    return make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")


def _therapist(make, centre, name: str):
    therapist = make.therapist(centre, name=name)
    make.working_week(therapist, centre)
    return therapist


def _booking(service: str, start: datetime, therapist, patient) -> Attempt:
    return Attempt(
        f"/book/blr-indiranagar/{service}/confirm",
        {"start": slot_value(start), "therapist": str(therapist.id)},
        login=patient.email,
    )


def _booked() -> int:
    return db.session.scalar(select(func.count()).select_from(Appointment))


def _exactly_one_wins(outcomes, losers_read: tuple[str, ...]) -> None:
    assert server_errors(outcomes) == []
    statuses = sorted(o.status for o in outcomes)
    assert statuses == [302] + [409] * (RACERS - 1), statuses
    for loser in (o for o in outcomes if o.status == 409):
        assert any(words in loser.body for words in losers_read), loser.body[-500:]
    assert _booked() == 1


def therapist_overlap(make, centre) -> list[Attempt]:
    """Different patients: half want 11:00 for 45 minutes, half 11:15 for 30 minutes."""
    therapist = _therapist(make, centre, "Dr. Arjun Hegde")
    make.service("new-consultation"), make.service("follow-up")
    return [
        _booking("new-consultation", _tomorrow_at(11), therapist, make.patient(centre=centre))
        if i % 2 == 0
        else _booking("follow-up", _tomorrow_at(11, 15), therapist, make.patient(centre=centre))
        for i in range(RACERS)
    ]


def patient_overlap(make, centre) -> list[Attempt]:
    """One patient, in ten tabs, with ten therapists at overlapping times."""
    patient = make.patient(centre=centre)
    make.service("new-consultation"), make.service("follow-up")
    therapists = [_therapist(make, centre, f"Dr. Therapist {i}") for i in range(RACERS)]
    return [
        _booking("new-consultation", _tomorrow_at(11), therapist, patient)
        if i % 2 == 0
        else _booking("follow-up", _tomorrow_at(11, 15), therapist, patient)
        for i, therapist in enumerate(therapists)
    ]


def travel_buffer_overlap(make, centre) -> list[Attempt]:
    """The desk books ten requested home visits with one therapist at 10:00 and 11:00: the
    hours do not overlap, the 30 minutes of travel after and before them do."""
    therapist = _therapist(make, centre, "Dr. Arjun Hegde")
    therapist.therapist_profile.does_home_visits = True
    db.session.commit()
    make.service("home-visit")
    desk = make.desk(centre.city)
    return [
        Attempt(f"/desk/home-visits/{visit.id}/schedule",
                {"slot": f"{therapist.id}@{_tomorrow_at(10 + i % 2).isoformat()}"},
                login=desk.email)
        for i, visit in enumerate(requested_visits(centre.city, RACERS))
    ]  # fmt: skip


TAKEN = ("that time was just taken",)
PATIENT_BUSY = ("There is already an appointment for you at that time.",)
# The desk's page checks the time before booking: a loser that arrives after the winner has
# committed is told so there, one that checked before is refused by the booking itself.
VISIT_TAKEN = ("that time was just taken", "That time is not free any more")


RACES = [
    pytest.param(therapist_overlap, TAKEN, id="one therapist, different starts and lengths"),
    pytest.param(patient_overlap, PATIENT_BUSY, id="one patient, two therapists"),
    pytest.param(travel_buffer_overlap, VISIT_TAKEN, id="home visits, travel buffers"),
]


@pytest.fixture
def paused_bookings():
    undo = pause_bookings_between_check_and_write()
    yield
    undo()


@pytest.mark.usefixtures("paused_bookings")
@pytest.mark.parametrize(("world", "losers_read"), RACES)
def test_of_overlapping_requests_exactly_one_wins(app, make, centre, world, losers_read):
    _exactly_one_wins(race(lambda: InProcessClient(app), world(make, centre)), losers_read)


@pytest.mark.parametrize(("world", "losers_read"), RACES)
def test_of_overlapping_requests_across_gunicorn_workers_exactly_one_wins(
    gunicorn_url, make, centre, world, losers_read
):
    _exactly_one_wins(race(lambda: HttpClient(gunicorn_url), world(make, centre)), losers_read)
