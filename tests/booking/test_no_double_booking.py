"""Fifty people press "Book" for the same slot at the same moment: exactly one gets it.

Each attempt is a real HTTP request through its own test client in its own thread, so the
requests race in the database (a SQLite file or PostgreSQL), not in Python.
"""

import threading

from sqlalchemy import func, select

from portal.booking.models import Appointment
from portal.booking.presenters import slot_value
from portal.extensions import db

ATTEMPTS = 50


def _attempt(app, email, url, start, barrier, outcomes):
    try:
        client = app.test_client()
        client.post("/login", data={"email": email, "password": "correct horse battery"})
        barrier.wait()
        response = client.post(url, data={"start": start, "therapist": "any"})
    except Exception as error:  # an unhandled error would be a 500 in production
        barrier.abort()  # never leave the others waiting
        outcomes.append((500, repr(error)))
        return
    outcomes.append((response.status_code, response.get_data(as_text=True)))


def test_fifty_concurrent_bookings_of_one_slot_make_one_appointment(
    app, make, practice, upcoming_at
):
    patients = [make.patient(centre=practice["centre"]) for _ in range(ATTEMPTS)]
    start = slot_value(upcoming_at(11))
    url = f"/book/{practice['centre'].slug}/follow-up/confirm"
    barrier = threading.Barrier(ATTEMPTS, timeout=60)
    outcomes: list[tuple[int, str]] = []
    threads = [
        threading.Thread(target=_attempt, args=(app, p.email, url, start, barrier, outcomes))
        for p in patients
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = sorted(status for status, _ in outcomes)
    assert len(outcomes) == ATTEMPTS
    assert 500 not in statuses, [body for status, body in outcomes if status == 500][:1]
    assert statuses.count(302) == 1, statuses
    assert statuses.count(409) == ATTEMPTS - 1, statuses
    assert all("that time was just taken" in body for status, body in outcomes if status == 409)
    db.session.rollback()  # end this test's read transaction: see what the requests wrote
    assert db.session.scalar(select(func.count()).select_from(Appointment)) == 1


def test_the_database_itself_refuses_an_overlap(app, make, practice, upcoming_at):
    """Even a write that skips the booking service cannot double-book a therapist."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    make.appointment(practice["patient"], practice["therapist"], practice["centre"],
                     practice["service"], upcoming_at(11))  # fmt: skip
    other = make.patient(centre=practice["centre"])
    with pytest.raises(IntegrityError):
        make.appointment(other, practice["therapist"], practice["centre"],
                         practice["service"], upcoming_at(11))  # fmt: skip
    db.session.rollback()
