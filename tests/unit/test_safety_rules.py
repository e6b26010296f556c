from datetime import UTC, datetime, timedelta

import pytest

from portal.safety.rules import (
    Block,
    Pregnancy,
    RedFlag,
    ScreeningAnswers,
    acupressure_block,
    urgent_care_needed,
)

ANSWERED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def answers(pregnancy=Pregnancy.NO, high_blood_pressure=False):
    return ScreeningAnswers(pregnancy, high_blood_pressure, False, ANSWERED)


def test_no_screening_blocks_every_point():
    assert acupressure_block(False, None, None) is Block.NEEDS_SCREENING


@pytest.mark.parametrize("pregnancy", [Pregnancy.YES, Pregnancy.NOT_SURE])
def test_pregnancy_or_not_sure_blocks_points_avoided_in_pregnancy(pregnancy):
    assert acupressure_block(True, answers(pregnancy), None) is Block.PREGNANCY
    assert acupressure_block(False, answers(pregnancy), None) is None


def test_not_pregnant_may_press_bl60():
    assert acupressure_block(True, answers(Pregnancy.NO), None) is None


def test_high_blood_pressure_needs_the_therapist():
    assert acupressure_block(False, answers(high_blood_pressure=True), None) is (
        Block.HIGH_BLOOD_PRESSURE
    )


def test_therapist_confirmation_after_the_answers_lifts_the_block():
    confirmed = ANSWERED + timedelta(hours=2)
    assert acupressure_block(True, answers(Pregnancy.YES), confirmed) is None


def test_a_confirmation_given_the_moment_the_answers_were_lifts_the_block_too():
    # Both written in one request (a therapist screening with the patient, then confirming).
    assert acupressure_block(True, answers(Pregnancy.YES), ANSWERED) is None


def test_confirmation_before_new_answers_does_not_count():
    confirmed = ANSWERED - timedelta(days=1)
    assert acupressure_block(True, answers(Pregnancy.YES), confirmed) is Block.PREGNANCY


def test_messages_never_diagnose_and_send_to_the_therapist():
    assert "Ask your therapist first" in Block.PREGNANCY.patient_message
    assert "Ask your therapist first" in Block.HIGH_BLOOD_PRESSURE.patient_message


def test_any_red_flag_means_urgent_care():
    assert urgent_care_needed({RedFlag.FEVER})
    assert not urgent_care_needed(set())
    assert all(flag.question for flag in RedFlag)
