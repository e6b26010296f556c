"""An occurrence is a technique's n-th session of the day, whichever program version listed it."""

from dataclasses import dataclass

from portal.programs.schedule import sessions_logged

GV4, BL23 = 2, 1


@dataclass(frozen=True)
class Log:
    item_id: int  # the program version's item the patient followed
    technique_id: int
    occurrence_index: int


def test_a_session_logged_under_the_old_version_counts_for_the_new_one():
    under_version_1 = Log(item_id=10, technique_id=GV4, occurrence_index=1)
    assert sessions_logged(GV4, [under_version_1]) == {1: under_version_1}


def test_sessions_of_other_techniques_do_not_count():
    assert sessions_logged(GV4, [Log(item_id=11, technique_id=BL23, occurrence_index=1)]) == {}


def test_sessions_are_told_apart_by_number():
    first, second = Log(10, BL23, 1), Log(20, BL23, 2)
    assert sessions_logged(BL23, [first, second]) == {1: first, 2: second}
