"""A patient's day reads the screening, the flags and the day's logs in one statement
(programs.queries.safety_and_logs): the same facts, in the same order, as reading them apart."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.db_types import utcnow
from portal.extensions import db
from portal.localtime import local_today
from portal.programs.models import PracticeLog
from portal.programs.queries import load_logs, safety_and_logs
from portal.safety.models import FlagKind, SafetyFlag
from portal.safety.services import safety_facts
from tests.test_query_counts import counted_statements


@pytest.fixture
def patient_with_a_program(make):
    patient = make.patient()
    plan = make.plan(
        patient, make.therapist(), [make.item("BL23"), make.item("GB30")],
        local_today("Asia/Kolkata") - timedelta(days=20),
    )  # fmt: skip
    return patient, plan.program.versions[0].items


def _log(patient, item, day, index, finished_at, pains=(None, None)):
    db.session.add(
        PracticeLog(patient_id=patient.id, item_id=item.id, occurrence_date=day,
                    occurrence_index=index, completed_at=finished_at,
                    pain_before=pains[0], pain_after=pains[1])
    )  # fmt: skip


def _apart(patient_id, first, last):
    return safety_facts(patient_id), load_logs(patient_id, first, last)


def test_nothing_answered_flagged_or_logged(make):
    patient = make.patient()
    today = local_today("Asia/Kolkata")
    assert safety_and_logs(patient.id, today, today) == ((None, []), [])


def test_the_screening_flags_and_logs_are_what_the_separate_reads_say(patient_with_a_program, make):
    patient, (bl23, gb30) = patient_with_a_program
    make.screening(patient, high_blood_pressure=True)
    for kind, item in ((FlagKind.SHARP_PAIN, gb30), (FlagKind.RED_FLAG, None)):
        db.session.add(SafetyFlag(patient_id=patient.id, kind=kind, details="…",
                                  item_id=item and item.id))  # fmt: skip
    db.session.add(SafetyFlag(patient_id=patient.id, kind=FlagKind.SCREENING, details="…",
                              acknowledged_at=utcnow()))  # fmt: skip
    today = local_today("Asia/Kolkata")
    morning = datetime.combine(today, datetime.min.time(), UTC)
    # Written in another order than they were done: the day lists them as they were done.
    _log(patient, gb30, today, 1, morning + timedelta(hours=9), pains=(6, 4))
    _log(patient, bl23, today, 1, morning + timedelta(hours=7), pains=(7, None))
    _log(patient, bl23, today - timedelta(days=1), 2, morning - timedelta(hours=3))
    _log(patient, bl23, today - timedelta(days=3), 1, morning - timedelta(days=3))  # outside
    db.session.commit()
    first, patient_id = today - timedelta(days=1), patient.id

    with counted_statements() as statements:
        (screening, flags), logs = safety_and_logs(patient_id, first, today)

    assert len(statements) == 1
    assert ((screening, flags), logs) == _apart(patient_id, first, today)
    assert screening is not None and screening.high_blood_pressure
    assert len(flags) == 3
    assert [(log.item_id, log.occurrence_date, log.pain_before) for log in logs] == [
        (bl23.id, first, None), (bl23.id, today, 7), (gb30.id, today, 6)]  # fmt: skip


def test_logs_without_a_screening_or_flags(patient_with_a_program):
    patient, (bl23, _gb30) = patient_with_a_program
    today = local_today("Asia/Kolkata")
    _log(patient, bl23, today, 1, utcnow(), pains=(3, 2))
    db.session.commit()
    (screening, flags), logs = safety_and_logs(patient.id, today, today)
    assert (screening, flags) == (None, [])
    assert logs == load_logs(patient.id, today, today)
    assert type(logs[0].occurrence_date) is type(today)  # a date, as read alone
