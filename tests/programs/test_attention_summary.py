"""patient_attention, the dashboard's ranking rows, is what a from-scratch recomputation gives
after every kind of write that changes it, written in that write's own transaction; the
nightly refresh rewrites everyone's rows, repairing rows written behind the portal's back."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update

from portal.extensions import db
from portal.programs.attention import Urgency
from portal.programs.models import PatientAttention, PlanStatus, PracticeLog
from portal.programs.services import publish_version
from portal.safety.models import SafetyFlag
from tests.attention_rows import from_scratch, stored

PAIN = {"pain_before": "8", "pain_after": "6"}


def urgency_runs(rows):
    """(first day, last day, urgency) of each run of stored days with the same urgency."""
    runs = []
    for starts_on, ends_on, urgency, _signals in rows:
        if runs and runs[-1][2] == urgency:
            runs[-1] = (runs[-1][0], ends_on, urgency)
        else:
            runs.append((starts_on, ends_on, urgency))
    return runs


def urgency_today(patient, today):
    [urgency] = [u for starts, ends, u, _ in stored(patient) if starts <= today <= (ends or today)]
    return urgency


def assert_current(patient, today, urgency):
    db.session.rollback()  # read what the request committed, nothing of our own
    assert stored(patient) == from_scratch(patient)
    assert urgency_today(patient, today) is urgency


def test_each_write_leaves_the_rows_a_recomputation_gives(
    client, auth, login_as, make, clinic, plan, items, today
):
    patient, therapist = clinic["patient"], clinic["therapist"]
    assert_current(patient, today, Urgency.NOT_FOLLOWING)  # the plan: never practised

    login_as(patient)
    assert client.post(f"/today/practice/{items['BL23'].id}", data=PAIN).status_code == 302
    assert_current(patient, today, Urgency.RISING_PAIN)  # pain 8 before the session

    stop = client.post(f"/today/practice/{items['GV4'].id}/stop", data={})
    assert stop.headers["Location"] == "/safety/stopped"
    assert_current(patient, today, Urgency.SAFETY_FLAG)

    assert client.post("/safety/symptoms", data={"saddle_numbness": "y"}).status_code == 302
    assert_current(patient, today, Urgency.RED_FLAG)

    auth.logout()
    login_as(therapist)
    for flag in db.session.scalars(select(SafetyFlag).order_by(SafetyFlag.id)).all():
        url = f"/therapist/flags/{flag.id}/acknowledge"
        assert client.post(url, data={"note": "Called"}).status_code == 302
    assert_current(patient, today, Urgency.RISING_PAIN)

    # Practised no more: pain 8 stays in the window a week, then "not following" for good.
    [(_, rising_ends, _), (quiet_from, for_good, quiet)] = urgency_runs(stored(patient))[-2:]
    assert (rising_ends, quiet_from, for_good, quiet) == (
        today + timedelta(days=6),
        today + timedelta(days=7),
        None,
        Urgency.NOT_FOLLOWING,
    )

    db.session.execute(delete(PracticeLog))  # behind the portal's back: noticed by nobody
    db.session.commit()
    assert urgency_today(patient, today) is Urgency.RISING_PAIN
    publish_version(plan.program, [make.item("BRIDGE")], today, therapist)
    db.session.commit()  # a new version: the patient's rows are worked out again
    assert_current(patient, today, Urgency.NOT_FOLLOWING)

    assert client.post(f"/therapist/plans/{plan.id}/status", data={"status": "cancelled"})
    db.session.rollback()
    assert plan.status is PlanStatus.CANCELLED
    assert_current(patient, today, Urgency.ON_TRACK)  # no program any more


def test_a_refused_write_leaves_the_rows_as_they_were(client, login_as, clinic, items, today):
    patient = clinic["patient"]
    before = stored(patient)
    login_as(patient)
    refused = client.post(f"/today/practice/{items['BL23'].id}", data={"pain_before": "11"})
    assert refused.status_code == 422
    db.session.rollback()
    assert stored(patient) == before == from_scratch(patient)


def test_the_nightly_refresh_repairs_rows_and_keeps_right_ones(runner, make, clinic, plan, today):
    patient = clinic["patient"]
    flagged = make.patient(name="Kavya Iyer", centre=clinic["centre"])
    db.session.add(SafetyFlag(patient_id=flagged.id, kind="sharp_pain", details="Sharp pain."))
    db.session.commit()
    right = {person.id: stored(person) for person in (patient, flagged)}
    # As a bulk load or the previous release would leave them: one patient's rows missing,
    # another's wrong and without the signals (written before they were stored), a
    # patient without a plan with rows of somebody else's.
    db.session.execute(delete(PatientAttention).where(PatientAttention.patient_id == patient.id))
    db.session.execute(
        update(PatientAttention).values(
            urgency=int(Urgency.ON_TRACK), has_program=None, due_in_window=None
        )
    )
    stranger = make.patient(name="Imran Qureshi")
    db.session.add(PatientAttention(patient_id=stranger.id, starts_on=today, urgency=0))
    db.session.commit()

    result = runner.invoke(args=["refresh-attention"])

    assert result.exit_code == 0, result.output
    assert "rewritten for 3 patients" in result.output
    db.session.rollback()
    assert {person.id: stored(person) for person in (patient, flagged)} == right
    assert urgency_today(flagged, today) is Urgency.SAFETY_FLAG
    # Every patient has rows, a plan or not: what a patient without one is, from scratch.
    assert stored(stranger) == from_scratch(stranger)
    assert [urgency for _first, _last, urgency, _signals in stored(stranger)] == [Urgency.ON_TRACK]


def test_the_worker_refreshes_once_a_night_after_midnight_in_india(app, clinic, plan, today):
    task = app.extensions["worker"].attention
    runs = task.task_class().validate_datetime
    # huey's clock is naive UTC; 21:40 is 03:10 in Bengaluru and Hyderabad
    night = datetime(2026, 12, 2, 21, 40, tzinfo=UTC).replace(tzinfo=None)
    assert runs(night)
    assert not any(runs(night + timedelta(minutes=m)) for m in range(1, 24 * 60))
    db.session.execute(delete(PatientAttention))
    db.session.commit()
    assert task.call_local() == 1
    db.session.rollback()
    assert urgency_today(clinic["patient"], today) is Urgency.NOT_FOLLOWING
