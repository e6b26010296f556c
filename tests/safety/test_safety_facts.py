"""safety_facts: the screening and the flags the stop rule needs, read in one statement, are
what the separate reads said."""

from portal.db_types import utcnow
from portal.extensions import db
from portal.safety.models import FlagKind, SafetyFlag
from portal.safety.rules import Pregnancy, ScreeningAnswers
from portal.safety.services import flag_facts, safety_facts
from portal.safety.stops import FlagFacts
from tests.test_query_counts import counted_statements


def _flag(patient, kind, item_id=None, acknowledged=False):
    db.session.add(
        SafetyFlag(
            patient_id=patient.id,
            kind=kind,
            details="…",
            item_id=item_id,
            acknowledged_at=utcnow() if acknowledged else None,
        )
    )
    db.session.commit()


def test_nothing_answered_and_no_flags(make):
    assert safety_facts(make.patient().id) == (None, [])


def test_the_screening_without_flags(make):
    patient = make.patient()
    saved = make.screening(patient, pregnancy=Pregnancy.NOT_SURE, high_blood_pressure=True)
    assert safety_facts(patient.id) == (
        ScreeningAnswers(Pregnancy.NOT_SURE, True, False, saved.answered_at),
        [],
    )


def test_flags_without_a_screening_each_once_with_their_technique(make):
    therapist = make.therapist()
    patient = make.patient()
    plan = make.plan(patient, therapist, [make.item("GB30"), make.item("BRIDGE")])
    gb30, bridge = plan.program.versions[0].items
    _flag(patient, FlagKind.SHARP_PAIN, gb30.id)
    _flag(patient, FlagKind.SHARP_PAIN, bridge.id, acknowledged=True)
    _flag(patient, FlagKind.RED_FLAG)
    _flag(make.patient(email="someone.else@example.com"), FlagKind.SHARP_PAIN, gb30.id)

    screening, flags = safety_facts(patient.id)

    assert screening is None
    key = lambda flag: (flag.kind, flag.technique_id or 0)  # noqa: E731
    assert sorted(flags, key=key) == sorted(flag_facts(patient.id), key=key)
    assert sorted(flags, key=key) == sorted(
        [
            FlagFacts(FlagKind.SHARP_PAIN, gb30.technique_id, acknowledged=False),
            FlagFacts(FlagKind.SHARP_PAIN, bridge.technique_id, acknowledged=True),
            FlagFacts(FlagKind.RED_FLAG, None, acknowledged=False),
        ],
        key=key,
    )


def test_the_screening_beside_several_flags_in_one_statement(make):
    patient = make.patient()
    saved = make.screening(patient, skin_problems=True)
    _flag(patient, FlagKind.SCREENING)
    _flag(patient, FlagKind.RED_FLAG, acknowledged=True)
    patient_id, answered_at = patient.id, saved.answered_at  # read before counting
    with counted_statements() as statements:
        screening, flags = safety_facts(patient_id)
    assert len(statements) == 1
    assert screening == ScreeningAnswers(Pregnancy.NO, False, True, answered_at)
    assert len(flags) == 2
