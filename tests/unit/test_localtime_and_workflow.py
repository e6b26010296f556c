from datetime import UTC, date, datetime, timedelta

import pytest

from portal.contact.models import CallbackStatus
from portal.contact.workflow import StatusChangeRefused, check_status_change, next_statuses
from portal.localtime import (
    day_and_clock,
    describe_age,
    earliest_today,
    local_today,
    to_local,
)


def test_kolkata_is_five_and_a_half_hours_ahead_of_utc():
    moment = datetime(2026, 11, 23, 10, 35, tzinfo=UTC)
    assert day_and_clock(moment, "Asia/Kolkata") == "Mon 23 Nov 2026, 4:05 pm"


def test_local_date_can_be_the_next_day():
    moment = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)
    assert to_local(moment, "Asia/Kolkata").date().isoformat() == "2026-11-24"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        to_local(datetime(2026, 11, 23, 10, 0), "Asia/Kolkata")  # noqa: DTZ001


@pytest.mark.parametrize(
    ("ago", "text"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(seconds=60), "1 min ago"),
        (timedelta(seconds=3599), "59 min ago"),
        (timedelta(hours=1), "1 h ago"),
        (timedelta(seconds=86399), "23 h ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(minutes=25), "25 min ago"),
        (timedelta(hours=3, minutes=10), "3 h ago"),
        (timedelta(days=1, hours=2), "1 day ago"),
        (timedelta(days=4), "4 days ago"),
    ],
)
def test_age_is_rounded_down(ago, text):
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert describe_age(now - ago, now) == text


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Pacific/Pago_Pago", "Asia/Kolkata", "Etc/GMT-14"])
def test_no_zones_today_is_before_the_earliest_today(zone):
    for hour in (0, 11, 12, 23):
        now = datetime(2026, 12, 2, hour, 30, tzinfo=UTC)
        assert earliest_today(now) <= local_today(zone, now)
    assert earliest_today(datetime(2026, 12, 2, 3, 0, tzinfo=UTC)) == date(2026, 12, 1)


def test_new_requests_can_be_contacted_or_closed():
    assert next_statuses(CallbackStatus.NEW) == {CallbackStatus.CONTACTED, CallbackStatus.CLOSED}


def test_closed_requests_stay_closed():
    assert next_statuses(CallbackStatus.CLOSED) == set()
    with pytest.raises(StatusChangeRefused):
        check_status_change(CallbackStatus.CLOSED, CallbackStatus.NEW)


def test_a_contacted_request_cannot_go_back_to_new():
    with pytest.raises(StatusChangeRefused):
        check_status_change(CallbackStatus.CONTACTED, CallbackStatus.NEW)
    check_status_change(CallbackStatus.CONTACTED, CallbackStatus.CLOSED)


def test_the_patients_today_is_their_centres_date_not_the_servers():
    late_evening_utc = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)  # 00:30 on the 24th in Kolkata
    assert local_today("Asia/Kolkata", late_evening_utc).isoformat() == "2026-11-24"
    assert local_today("Europe/London", late_evening_utc).isoformat() == "2026-11-23"
