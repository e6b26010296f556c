"""A month of slots for a centre with 10 therapists and 500 appointments: one query for the
appointments (plus working hours and time off), then pure computation."""

from datetime import UTC, date, datetime, time, timedelta

from portal.booking.slots import Busy, SlotRequest, WorkingWindow, free_slots
from tests.test_query_counts import statements_for

THERAPISTS = 10
APPOINTMENTS = 500
FIRST = date(2026, 12, 1)


def _month_of_slots(busy_by_therapist):
    windows = [WorkingWindow(day, time(9), time(18)) for day in range(6)]
    request = SlotRequest(duration=timedelta(minutes=30))
    now = datetime(2026, 11, 30, tzinfo=UTC)
    return [
        free_slots(
            timezone="Asia/Kolkata",
            windows=windows,
            busy=busy,
            request=request,
            now=now,
            first_day=FIRST,
            last_day=FIRST + timedelta(days=29),
        )  # fmt: skip
        for busy in busy_by_therapist
    ]


def test_a_month_of_slots_for_ten_therapists(benchmark):
    busy = [
        [
            Busy(
                start := datetime(2026, 12, 1 + n % 28, 4 + n % 8, tzinfo=UTC),
                start + timedelta(minutes=30),
            )  # fmt: skip
            for n in range(APPOINTMENTS // THERAPISTS)
        ]
        for _ in range(THERAPISTS)
    ]
    slots = benchmark(_month_of_slots, busy)
    assert len(slots) == THERAPISTS
    assert all(len(found) > 500 for found in slots)


def test_the_time_step_runs_a_fixed_number_of_queries(client, make, practice, booked, upcoming_at):
    url = "/book/blr-indiranagar/follow-up/"
    few = statements_for(client, url)
    for n in range(9):
        other = make.therapist(practice["centre"], name=f"Dr. Extra {n}")
        make.working_week(other, practice["centre"])
        patient = make.patient()  # one patient cannot be with two therapists at once
        for day in range(1, 25):
            booked(upcoming_at(9 + day % 8, days=day), patient=patient, therapist=other)
    many = statements_for(client, url)
    assert many == few
    assert many <= 10
