"""Races that only the real guards stop (issue 9, item 7): times that overlap without starting
together, which the unique index on (therapist, start) cannot catch.

- one therapist: 45-minute consultations at 11:00 and 30-minute follow-ups at 11:15;
- one patient: overlapping times with different therapists;
- home visits: times that do not overlap, but whose travel buffers do.

The guards: on PostgreSQL the exclusion constraints (therapist, patient) and the row locks
taken by `serialized()` (the only guard of travel buffers); on SQLite the write lock every
writing request takes at BEGIN. Each race sends ten requests at once; exactly one may win.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from portal.booking.models import Appointment
from portal.booking.presenters import slot_value
from portal.contact.models import PreferredTime
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest
from portal.programs.queries import local_date
from tests.concurrency.racing import Attempt, HttpClient, InProcessClient, race, server_errors

KOLKATA = ZoneInfo("Asia/Kolkata")
RACERS = 10


def _tomorrow_at(hour: int, minute: int = 0) -> datetime:
    day = local_date("Asia/Kolkata") + timedelta(days=1)
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
    day = local_date("Asia/Kolkata") + timedelta(days=1)
    visits = [
        HomeVisitRequest(name=f"Visitor {i}", phone="+919845677103", address="HAL 2nd Stage",
                         pincode="560038", city=centre.city, earliest_date=day, latest_date=day,
                         preferred_time=PreferredTime.ANY, reason="Cannot travel.")
        for i in range(RACERS)
    ]  # fmt: skip
    db.session.add_all(visits)
    db.session.commit()
    return [
        Attempt(f"/desk/home-visits/{visit.id}/schedule",
                {"slot": f"{therapist.id}@{_tomorrow_at(10 + i % 2).isoformat()}"},
                login=desk.email)
        for i, visit in enumerate(visits)
    ]  # fmt: skip


TAKEN = ("that time was just taken",)
PATIENT_BUSY = ("There is already an appointment for you at that time.",)
# The desk's page checks the time before booking: a loser that arrives after the winner has
# committed is told so there, one that checked before is refused by the booking itself.
VISIT_TAKEN = ("that time was just taken", "That time is not free any more")


def test_overlapping_bookings_of_one_therapist_one_wins(app, make, centre):
    outcomes = race(lambda: InProcessClient(app), therapist_overlap(make, centre))
    _exactly_one_wins(outcomes, TAKEN)


def test_one_patient_racing_into_two_therapists_overlapping_times_gets_one(app, make, centre):
    outcomes = race(lambda: InProcessClient(app), patient_overlap(make, centre))
    _exactly_one_wins(outcomes, PATIENT_BUSY)


def test_home_visits_racing_into_each_others_travel_time_one_is_booked(app, make, centre):
    outcomes = race(lambda: InProcessClient(app), travel_buffer_overlap(make, centre))
    _exactly_one_wins(outcomes, VISIT_TAKEN)


def test_overlapping_bookings_across_gunicorn_workers_one_wins(gunicorn_url, make, centre):
    outcomes = race(lambda: HttpClient(gunicorn_url), therapist_overlap(make, centre))
    _exactly_one_wins(outcomes, TAKEN)


def test_travel_time_races_across_gunicorn_workers_one_is_booked(gunicorn_url, make, centre):
    outcomes = race(lambda: HttpClient(gunicorn_url), travel_buffer_overlap(make, centre))
    _exactly_one_wins(outcomes, VISIT_TAKEN)
