"""The dashboard ranks every patient by the urgency stored in patient_attention, and words the
rows shown from the signals stored with it and their open flags. What is stored must be what
needs_attention() works out from scratch, today and on the days to come with nothing new
written, or pages would come out in the wrong order or say the wrong thing: each patient
here sits on one edge of one rule."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, insert, or_, select, update

from portal.db_types import utcnow
from portal.extensions import db
from portal.programs.attention import WINDOW_DAYS, Urgency
from portal.programs.attention_summary import STORED_SIGNAL_COLUMNS, stored_signals_of
from portal.programs.models import PatientAttention, PlanStatus, PracticeLog
from portal.programs.services import publish_version
from portal.safety.models import FlagKind, SafetyFlag
from portal.therapist.dashboard import attention_of, dashboard_page
from portal.weekdays import WEEKDAYS_ONLY


def _log(patient, plan, day, pain=None, index=1, item=0):
    db.session.add(
        PracticeLog(
            patient_id=patient.id,
            item_id=plan.program.versions[-1].items[item].id,
            technique_id=plan.program.versions[-1].items[item].technique_id,
            occurrence_date=day,
            occurrence_index=index,
            pain_before=pain,
        )
    )


def _flag(patient, kind):
    db.session.add(SafetyFlag(patient_id=patient.id, kind=kind, details="Flagged."))


@pytest.fixture
def patients(make, clinic, today):
    """name → (patient, the urgency needs_attention() gives)."""
    therapist, centre = clinic["therapist"], clinic["centre"]
    start = today - timedelta(days=20)
    made = {}

    def patient(name, expected, codes=("GV4",), plan_start=start, **plan_fields):
        person = make.patient(name=name, centre=centre)
        plan = None
        if codes is not None:
            items = [make.item(code) for code in codes]
            plan = make.plan(person, therapist, items, plan_start, **plan_fields)
        made[name] = (person, expected)
        return person, plan

    def every_day(person, plan, days=range(WINDOW_DAYS), pain=None):
        for back in days:
            _log(person, plan, today - timedelta(days=back), pain)

    person, plan = patient("Red flag", Urgency.RED_FLAG)
    _flag(person, FlagKind.RED_FLAG)
    _flag(person, FlagKind.SHARP_PAIN)
    person, plan = patient("Sharp pain", Urgency.SAFETY_FLAG, codes=None)
    _flag(person, FlagKind.SHARP_PAIN)
    person, plan = patient("Acknowledged flag, on track", Urgency.ON_TRACK)
    db.session.add(
        SafetyFlag(patient_id=person.id, kind=FlagKind.RED_FLAG, details="Seen.",
                   acknowledged_at=utcnow())
    )  # fmt: skip
    every_day(person, plan)
    person, plan = patient("Pain at 7", Urgency.RISING_PAIN)
    every_day(person, plan, pain=7)
    person, plan = patient("Pain at 6", Urgency.ON_TRACK)
    every_day(person, plan, pain=6)
    person, plan = patient("Pain up by 2", Urgency.RISING_PAIN)
    _log(person, plan, today - timedelta(days=6), pain=3)
    _log(person, plan, today - timedelta(days=1), pain=None)
    _log(person, plan, today, pain=5)
    person, plan = patient("Pain up by 1", Urgency.NOT_FOLLOWING)  # 2 of 7 days: low adherence
    _log(person, plan, today - timedelta(days=6), pain=3)
    _log(person, plan, today, pain=4)
    person, plan = patient("Pain 9 before the window", Urgency.ON_TRACK)
    _log(person, plan, today - timedelta(days=WINDOW_DAYS), pain=9)
    every_day(person, plan, pain=2)
    person, plan = patient("Never practised", Urgency.NOT_FOLLOWING)
    person, plan = patient("Quiet for 3 days", Urgency.NOT_FOLLOWING)
    every_day(person, plan, days=range(3, WINDOW_DAYS))
    person, plan = patient("Quiet for 2 days", Urgency.ON_TRACK)
    every_day(person, plan, days=range(2, WINDOW_DAYS))
    person, plan = patient("Practised long ago", Urgency.NOT_FOLLOWING)
    _log(person, plan, today - timedelta(days=15))
    patient("No plan", Urgency.ON_TRACK, codes=None)
    person, plan = patient("Cancelled plan only", Urgency.ON_TRACK)
    plan.status = PlanStatus.CANCELLED
    person, plan = patient("Half of twice a day", Urgency.ON_TRACK)  # 7 of 14: not below half
    plan.program.versions[-1].items[0].times_per_day = 2
    every_day(person, plan)
    person, plan = patient("Under half of twice a day", Urgency.NOT_FOLLOWING)
    plan.program.versions[-1].items[0].times_per_day = 2
    every_day(person, plan, days=range(1, WINDOW_DAYS))  # 6 of 14
    person, plan = patient("Weekdays only, all done", Urgency.ON_TRACK)
    plan.program.versions[-1].items[0].weekdays_mask = WEEKDAYS_ONLY
    every_day(person, plan, days=[b for b in range(7) if (today - timedelta(b)).weekday() < 5])
    person, plan = patient("Plan ended 4 days ago", Urgency.NOT_FOLLOWING)  # quiet since
    plan.end_date = today - timedelta(days=4)
    every_day(person, plan, days=range(4, WINDOW_DAYS))
    person, plan = patient("Plan ended yesterday", Urgency.ON_TRACK)  # 6 due, 6 done
    plan.end_date = today - timedelta(days=1)
    every_day(person, plan, days=range(1, WINDOW_DAYS))
    person, plan = patient("Ended yesterday, 5 of 12", Urgency.NOT_FOLLOWING)  # its last day due
    plan.end_date = today - timedelta(days=1)
    plan.program.versions[-1].items[0].times_per_day = 2
    for back, index in ((1, 1), (1, 2), (2, 1), (2, 2), (3, 1)):
        _log(person, plan, today - timedelta(days=back), index=index)
    person, plan = patient("Completed, open-ended", Urgency.ON_TRACK)  # nothing due, active
    plan.status = PlanStatus.COMPLETED
    every_day(person, plan, days=[0])
    person, plan = patient(
        "Starts in 3 days", Urgency.NOT_FOLLOWING, plan_start=today + timedelta(3)
    )
    # Quiet for good, but its plan ends in 3 days: the window's adherence goes from 0% to
    # nothing to measure a week later, with nothing new written.
    person, plan = patient(
        "Never practised, ends in 3 days", Urgency.NOT_FOLLOWING, end_date=today + timedelta(3)
    )
    person, plan = patient(
        "Started yesterday, 1 of 4", Urgency.NOT_FOLLOWING, plan_start=today - timedelta(1)
    )
    plan.program.versions[-1].items[0].times_per_day = 2
    every_day(person, plan, days=[0])
    db.session.commit()
    # A second version from 3 days ago with three items: 4 × 1 + 3 × 3 due; 4 + 3 done is
    # 7 of 13 (on track), where the first version alone (7 of 7) or the second (7 of 21)
    # would say otherwise.
    person, plan = patient("Second version", Urgency.ON_TRACK)
    drafts = [make.item("GV4"), make.item("BL23"), make.item("BRIDGE")]
    publish_version(plan.program, drafts, today - timedelta(days=2), clinic["therapist"])
    every_day(person, plan, days=range(3, WINDOW_DAYS))
    for back in range(3):
        _log(person, plan, today - timedelta(days=back))
    db.session.commit()
    return made


def stored_on(day):
    """Each patient's stored urgency and signals on `day`, as the dashboard reads them."""
    rows = db.session.execute(
        select(PatientAttention.patient_id, PatientAttention.urgency, *STORED_SIGNAL_COLUMNS).where(
            PatientAttention.starts_on <= day,
            or_(PatientAttention.ends_on.is_(None), PatientAttention.ends_on >= day),
        )
    )
    return {
        patient_id: (Urgency(urgency), stored_signals_of(signals))
        for patient_id, urgency, *signals in rows
    }


def assert_stored_is_from_scratch(patients, day):
    """Returns how many patients' urgency on `day` differs from the one they have today."""
    ids = [patient.id for patient, _ in patients.values()]
    in_python, flags = attention_of(ids, day)
    stored = stored_on(day)
    differ = 0
    for name, (patient, expected_today) in patients.items():
        from_scratch = in_python[patient.id]
        if patient.id not in stored:  # no row: nothing to rank by
            assert (name, from_scratch.attention.urgency) == (name, Urgency.ON_TRACK)
            assert from_scratch.signals.has_program is False
            continue
        urgency, signals = stored[patient.id]
        assert (name, day, urgency) == (name, day, from_scratch.attention.urgency)
        assert (name, day, signals.on(day, flags[patient.id])) == (name, day, from_scratch.signals)
        differ += urgency != expected_today
    return differ


def test_the_stored_urgency_is_what_needs_attention_says(patients, today):
    ids = [patient.id for patient, _ in patients.values()]
    in_python, _flags = attention_of(ids, today)
    for name, (patient, expected) in patients.items():
        worded = in_python[patient.id].attention
        assert (name, worded.urgency) == (name, expected), worded.reason
    assert assert_stored_is_from_scratch(patients, today) == 0


def test_the_stored_days_to_come_need_no_refresh(patients, today):
    """Windows roll over, quiet days add up, pain scores leave the window, a plan ends: the
    rows written today already say what needs_attention() will read and say on each later
    day."""
    changes = sum(
        assert_stored_is_from_scratch(patients, today + timedelta(days=later))
        for later in range(1, 2 * WINDOW_DAYS + 2)
    )
    assert changes > 20  # the days to come are not all like today


def worded(rows):
    return [(row.name, row.attention, row.adherence_percent, row.latest_pain) for row in rows]


def test_the_dashboard_lists_in_the_stored_order(app, patients, make, today):
    admin = make.admin()
    with app.test_request_context():  # theirs and the clinic's patient: two pages
        listed = dashboard_page(admin, today).rows + dashboard_page(admin, today, 2).rows
    ours = [row for row in listed if row.name in patients]
    assert {row.name for row in ours} == set(patients)
    assert [(row.name, row.attention.urgency) for row in ours] == [
        (row.name, patients[row.name][1]) for row in ours
    ]
    assert [row.attention.urgency for row in listed] == sorted(
        row.attention.urgency for row in listed
    )


def test_the_rows_say_what_needs_attention_says_from_scratch(app, patients, make, today):
    admin = make.admin()
    with app.test_request_context():
        listed = dashboard_page(admin, today).rows
    in_python, _flags = attention_of([row.patient_id for row in listed], today)
    for row in listed:
        from_scratch = in_python[row.patient_id]
        expected = from_scratch.attention
        if expected.urgency > Urgency.SAFETY_FLAG:
            assert (row.name, row.attention) == (row.name, expected)
        ratio = from_scratch.signals.adherence_7_days
        assert (row.name, row.adherence_percent, row.latest_pain) == (
            row.name,
            None if ratio is None else round(ratio * 100),
            from_scratch.signals.latest_pain,
        )
    [red_flag] = [row.attention for row in listed if row.name == "Red flag"]
    assert red_flag.reason.startswith("Red flag, ")
    assert [line.split(",")[0] for line in red_flag.more] == ["Sharp pain"]


def every_row(app, staff, today):
    """name → how each row is worded, over every page."""
    with app.test_request_context():
        first = dashboard_page(staff, today)
        rows = [
            row
            for number in range(1, first.pages + 1)
            for row in dashboard_page(staff, today, number).rows
        ]
    return {name: (name, *rest) for name, *rest in worded(rows)}


def test_rows_stored_before_the_signals_are_worded_from_their_history(app, patients, make, today):
    """Rows the previous release wrote have no signals until the nightly refresh: those
    patients are read from their history instead, and the page says the same."""
    admin = make.admin()
    before = every_row(app, admin, today)
    db.session.execute(update(PatientAttention).values(has_program=None, due_in_window=None))
    db.session.commit()
    assert every_row(app, admin, today) == before


def test_patients_whose_rows_are_missing_are_worded_from_their_history(app, patients, make, today):
    """Rows missing until the nightly refresh (a bulk load, a restore): those patients rank
    as on track meanwhile, but each row still says what their history says."""
    admin = make.admin()
    before = every_row(app, admin, today)
    db.session.execute(delete(PatientAttention))
    db.session.commit()
    assert every_row(app, admin, today) == before


def test_an_open_flag_shows_whatever_the_stored_row_says(app, clinic, make, today):
    """Flags are read again for the rows shown: one written behind the portal's back (its
    patient's row still says on track) is on the page all the same."""
    therapist, patient = clinic["therapist"], clinic["patient"]
    db.session.execute(
        insert(SafetyFlag).values(
            patient_id=patient.id, kind=FlagKind.RED_FLAG, details="Flagged.", raised_at=utcnow()
        )
    )
    db.session.commit()
    with app.test_request_context():
        [row] = [r for r in dashboard_page(therapist, today).rows if r.patient_id == patient.id]
    assert row.attention.urgency is Urgency.RED_FLAG
    assert row.attention.reason.startswith("Red flag, ")
