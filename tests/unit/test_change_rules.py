"""Who may change an appointment when, and what time off may do to booked appointments."""

from datetime import UTC, datetime, timedelta

from portal.booking.policy import patient_may_change, staff_may_change
from portal.rota.rules import CANCEL, KEEP, Booked, clashing, decisions_from, time_off_blockers

NOW = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)


def test_a_patient_may_change_until_twelve_hours_before():
    assert patient_may_change(NOW + timedelta(hours=12), NOW)
    assert not patient_may_change(NOW + timedelta(hours=11, minutes=59), NOW)
    assert not patient_may_change(NOW + timedelta(hours=3), NOW)


def test_the_desk_may_change_until_it_begins_cut_off_or_not():
    assert staff_may_change(NOW + timedelta(hours=3), NOW)
    assert staff_may_change(NOW + timedelta(minutes=1), NOW)
    assert not staff_may_change(NOW, NOW)
    assert not staff_may_change(NOW - timedelta(minutes=5), NOW)


def _booked(id_, hour, minutes=30):
    start = NOW.replace(hour=hour)
    return Booked(id_, start, start + timedelta(minutes=minutes))


def test_time_off_clashes_with_the_appointments_it_overlaps():
    booked = [_booked(1, 5), _booked(2, 7), _booked(3, 9)]
    off_from, off_until = NOW.replace(hour=5, minute=15), NOW.replace(hour=9)
    assert clashing(booked, off_from, off_until) == [1, 2]  # 9:00 starts as the time off ends
    assert clashing(booked, NOW.replace(hour=10), NOW.replace(hour=11)) == []


def test_time_off_waits_until_every_clash_is_to_be_cancelled():
    assert time_off_blockers([1, 2], {}) == [1, 2]
    assert time_off_blockers([1, 2], {1: CANCEL}) == [2]
    assert time_off_blockers([1, 2], {1: CANCEL, 2: KEEP}) == [2]
    assert time_off_blockers([1, 2], {1: CANCEL, 2: CANCEL}) == []
    assert time_off_blockers([], {}) == []


def test_decisions_come_per_appointment_or_for_all():
    form = {"clash-1": "cancel", "clash-2": "keep", "clash-3": "bogus", "clash-9": "cancel"}
    assert decisions_from(form, [1, 2, 3]) == {1: CANCEL, 2: KEEP}
    assert decisions_from({"all": "cancel", "clash-2": "keep"}, [1, 2]) == {1: CANCEL, 2: CANCEL}
