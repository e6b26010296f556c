"""'Sharp pain — stop' stops the technique until the therapist acknowledges the flag."""

from portal.safety.models import FlagKind
from portal.safety.stops import FlagFacts, is_stopped, stopped_techniques

BL23, GV4 = 1, 2


def sharp_pain(technique_id=BL23, acknowledged=False):
    return FlagFacts(FlagKind.SHARP_PAIN, technique_id, acknowledged)


def test_an_open_sharp_pain_flag_stops_its_technique():
    assert is_stopped(BL23, [sharp_pain(BL23)])


def test_other_techniques_go_on():
    assert not is_stopped(GV4, [sharp_pain(BL23)])


def test_acknowledging_the_flag_lifts_the_stop():
    assert not is_stopped(BL23, [sharp_pain(BL23, acknowledged=True)])


def test_one_open_flag_is_enough_when_an_earlier_one_was_acknowledged():
    assert is_stopped(BL23, [sharp_pain(BL23, acknowledged=True), sharp_pain(BL23)])


def test_only_sharp_pain_flags_stop_an_item():
    others = [
        FlagFacts(FlagKind.SCREENING, BL23, False),
        FlagFacts(FlagKind.RED_FLAG, BL23, False),
    ]
    assert not is_stopped(BL23, others)


def test_a_flag_without_an_item_stops_nothing():
    assert stopped_techniques([sharp_pain(None)]) == frozenset()


def test_no_flags_nothing_stopped():
    assert not is_stopped(BL23, [])
