"""Two desks book overlapping courses for one therapist at the same moment (issue 13): one
course is booked whole, the other desk is told the time was taken, and nothing of the second
course is booked, not even the sessions that did not clash.

The courses overlap without sharing a start (45-minute consultations at 10:00 against
30-minute follow-ups at 10:15, Mondays and Thursdays), so the unique index on (therapist,
start) cannot decide: the guards of single bookings must (SQLite's write lock taken at BEGIN,
PostgreSQL's row locks and exclusion constraints). Bookings pause between the check of each
session and its write, so both desks have checked before either writes.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from portal.booking.models import Appointment, AppointmentSeries
from portal.booking.presenters import slot_value
from portal.extensions import db
from portal.localtime import local_today
from portal.notifications.models import OutgoingEmail
from tests.concurrency.racing import (
    Attempt,
    HttpClient,
    InProcessClient,
    pause_bookings_between_check_and_write,
    race,
    server_errors,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
SESSIONS = 4
LOSER_READS = ("That time was just taken", "is not free any more")


def _course_starts(hour: int, minute: int) -> list[datetime]:
    today = local_today("Asia/Kolkata")
    monday = today + timedelta(days=7 + (7 - today.weekday()) % 7)
    days = [monday + timedelta(weeks=n // 2, days=3 * (n % 2)) for n in range(SESSIONS)]
    return [datetime.combine(d, time(hour, minute), KOLKATA).astimezone(UTC) for d in days]


def _attempt(make, centre, therapist, desk, service: str, starts: list[datetime]) -> Attempt:
    patient = make.patient(centre=centre)
    plan = make.plan(patient, therapist, sessions_planned=SESSIONS)
    local = starts[0].astimezone(KOLKATA)
    data = {
        "service": service,
        "weekdays": ["0", "3"],
        "preferred_time": f"{local:%H:%M}",
        "sessions": str(SESSIONS),
        "first_day": local.date().isoformat(),
        **{f"session-{n}": slot_value(start) for n, start in enumerate(starts, 1)},
    }
    return Attempt(f"/desk/plans/{plan.id}/course", data, login=desk.email)


@pytest.fixture
def two_desks_two_courses(make):
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    therapist = make.therapist(centre, name="Dr. Arjun Hegde")
    make.working_week(therapist, centre)
    make.service("new-consultation"), make.service("follow-up")
    meera, ravi = make.desk(centre.city, name="Meera"), make.desk(centre.city, name="Ravi")
    return [
        _attempt(make, centre, therapist, meera, "new-consultation", _course_starts(10, 0)),
        _attempt(make, centre, therapist, ravi, "follow-up", _course_starts(10, 15)),
    ]


def _one_course_booked_whole(outcomes) -> None:
    assert server_errors(outcomes) == []
    assert sorted(o.status for o in outcomes) == [302, 409], [o.status for o in outcomes]
    loser = next(o for o in outcomes if o.status == 409)
    assert any(words in loser.body for words in LOSER_READS), loser.body[-800:]
    assert db.session.scalar(select(func.count()).select_from(AppointmentSeries)) == 1
    series = db.session.scalars(select(AppointmentSeries)).one()
    appointments = db.session.scalars(select(Appointment)).all()
    assert len(appointments) == SESSIONS
    assert {a.series_id for a in appointments} == {series.id}
    assert {a.patient_id for a in appointments} == {series.patient_id}
    # One email, to the winner's patient; the loser's patient is sent nothing.
    assert db.session.scalars(select(OutgoingEmail.to_email)).all() == [
        appointments[0].patient.email
    ]


@pytest.fixture
def paused_bookings():
    undo = pause_bookings_between_check_and_write()
    yield
    undo()


@pytest.mark.usefixtures("paused_bookings")
def test_two_desks_booking_overlapping_courses_at_once_book_one_course(app, two_desks_two_courses):
    _one_course_booked_whole(race(lambda: InProcessClient(app), two_desks_two_courses))


def test_two_desks_booking_overlapping_courses_across_gunicorn_workers_book_one_course(
    gunicorn_url, two_desks_two_courses
):
    _one_course_booked_whole(race(lambda: HttpClient(gunicorn_url), two_desks_two_courses))
