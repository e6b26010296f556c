"""/today reads only the program versions in force on the days a patient may log: the same
rows however many versions the program has had, and the right version for each of those days."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.extensions import db
from portal.localtime import local_today
from portal.programs.patient_day import first_loggable_day
from portal.programs.plan_facts import plan_facts
from portal.programs.schedule import BACKFILL_DAYS
from portal.programs.services import publish_version
from tests.test_query_counts import counted_statements, statements_for


def _publish(make, plan, therapist, code, effective_from):
    plan, therapist = db.session.merge(plan), db.session.merge(therapist)  # after expunge_all
    publish_version(plan.program, [make.item(code)], effective_from, therapist)
    db.session.commit()


def _loaded_versions(patient, since) -> list[int]:
    (plan,) = plan_facts(patient.id, since)
    return [version.number for version in plan.program.versions]


@pytest.mark.parametrize(
    ("starts", "kept"),
    [
        # Numbers 2 and 3 start the same day: 3 replaces 2 (the later number wins a tie).
        ({2: -30, 3: -30, 4: 5}, [3, 4]),
        # Number 2 starts on the day asked about: it is in force then, number 1 is not.
        ({2: 0}, [2]),
        # Nothing replaced number 1 by then: it stays, with what comes after.
        ({2: 3, 3: 9}, [1, 2, 3]),
    ],
)
def test_only_the_versions_in_force_from_the_day_are_read(make, clinic, today, starts, kept):
    since = today - timedelta(days=8)
    plan = make.plan(
        clinic["patient"], clinic["therapist"], [make.item("GV4")], since - timedelta(days=60)
    )
    for offset in starts.values():
        _publish(make, plan, clinic["therapist"], "BL23", since + timedelta(days=offset))
    assert _loaded_versions(clinic["patient"], since) == kept


def test_today_and_the_week_before_show_the_version_in_force_then(
    client, make, login_as, clinic, today
):
    plan = make.plan(
        clinic["patient"], clinic["therapist"], [make.item("GV4")], today - timedelta(days=90)
    )
    for weeks_ago in (10, 8, 6, 4):  # a long history, all of it replaced before the week
        _publish(make, plan, clinic["therapist"], "GV4", today - timedelta(weeks=weeks_ago))
    _publish(make, plan, clinic["therapist"], "BL23", today - timedelta(days=6))
    login_as(clinic["patient"])
    first_day = client.get(f"/today?date={today - timedelta(days=7)}").get_data(as_text=True)
    assert "GV4 Mingmen" in first_day and "BL23 Shenshu" not in first_day
    now = client.get("/today").get_data(as_text=True)
    assert "BL23 Shenshu" in now and "GV4 Mingmen" not in now
    with counted_statements() as statements:
        client.get("/today")
    (plans,) = [s for s in statements if "FROM treatment_plans" in s]
    assert "EXISTS" in plans  # the replaced versions are left out by the database


@pytest.mark.parametrize(
    "zone", ["Pacific/Kiritimati", "Asia/Kolkata", "UTC", "America/New_York", "Pacific/Pago_Pago"]
)
def test_thefirst_loggable_day_holds_wherever_the_patient_is(zone):
    """A day before the earliest a patient may log (their today less a week), at most two."""
    start = datetime(2026, 12, 4, tzinfo=UTC)
    for hour in range(0, 24 * 2, 1):
        now = start + timedelta(hours=hour)
        earliest = local_today(zone, now) - timedelta(days=BACKFILL_DAYS)
        assert earliest - timedelta(days=2) <= first_loggable_day(now) <= earliest


def test_a_program_that_starts_tomorrow_is_a_program(client, make, login_as, clinic, today):
    make.plan(clinic["patient"], clinic["therapist"], [make.item("GV4")], today)
    plan = make.plan(clinic["patient"], clinic["therapist"], [make.item("BL23")],
                     today + timedelta(days=1), condition="Neck stiffness")  # fmt: skip
    assert plan.program.versions
    login_as(clinic["patient"])
    html = client.get("/today").get_data(as_text=True)
    assert "No home program yet" not in html


def test_todays_statements_do_not_grow_with_the_versions(client, make, login_as, clinic, today):
    plan = make.plan(
        clinic["patient"], clinic["therapist"], [make.item("GV4")], today - timedelta(days=90)
    )
    login_as(clinic["patient"])
    few = statements_for(client, "/today", empty_session=True)
    for weeks_ago in (10, 8, 6, 4, 2):
        _publish(make, plan, clinic["therapist"], "BL23", today - timedelta(weeks=weeks_ago))
    assert statements_for(client, "/today", empty_session=True) == few
