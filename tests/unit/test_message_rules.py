"""Who takes part in a plan's thread, what is unread for whom, and when an email goes out."""

from datetime import UTC, datetime

import pytest

from portal.accounts.roles import Role
from portal.messages.rules import (
    MessageFacts,
    Side,
    is_open,
    may_take_part,
    may_take_part_as_staff,
    opens_a_burst,
    side_of,
    unread_by,
)
from portal.programs.models import PlanStatus

PATIENT, THERAPIST, OTHER = 1, 2, 3
READ = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("person", "roles", "treats", "allowed"),
    [
        (PATIENT, {Role.PATIENT}, False, True),  # the thread's own patient
        (OTHER, {Role.PATIENT}, False, False),  # another patient
        (THERAPIST, {Role.THERAPIST}, True, True),  # a therapist treating the patient
        (OTHER, {Role.THERAPIST}, False, False),  # a therapist who does not treat them
        (OTHER, {Role.DESK}, True, False),  # the desk, never
        (OTHER, {Role.ADMIN}, True, False),  # admins neither: PRODUCT.md names only these two
        (OTHER, {Role.ADMIN, Role.THERAPIST}, True, True),  # an admin who also treats them
        (PATIENT, {Role.THERAPIST}, True, False),  # an id match alone is not the patient role
        (OTHER, frozenset(), True, False),
    ],
)
def test_who_may_take_part(person, roles, treats, allowed):
    assert may_take_part(person, roles, PATIENT, treats_patient=treats) is allowed


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [({Role.THERAPIST}, True), ({Role.DESK}, False), ({Role.ADMIN}, False),
     ({Role.PATIENT}, False), ({Role.DESK, Role.THERAPIST}, True)],
)  # fmt: skip
def test_only_therapists_take_part_as_staff(roles, allowed):
    assert may_take_part_as_staff(roles) is allowed


@pytest.mark.parametrize(
    ("status", "open_"),
    [(PlanStatus.ACTIVE, True), (PlanStatus.COMPLETED, False), (PlanStatus.CANCELLED, False)],
)
def test_a_thread_takes_new_messages_only_while_its_plan_is_active(status, open_):
    assert is_open(status) is open_


def test_the_sender_side_is_the_patient_or_the_care_team():
    assert side_of(PATIENT, PATIENT) is Side.PATIENT
    assert side_of(THERAPIST, PATIENT) is Side.CARE_TEAM
    assert side_of(OTHER, PATIENT) is Side.CARE_TEAM


def test_unread_is_the_other_sides_messages_not_yet_read():
    from_patient = MessageFacts(PATIENT, None)
    from_therapist = MessageFacts(THERAPIST, None)
    from_colleague = MessageFacts(OTHER, None)
    read_reply = MessageFacts(THERAPIST, READ)
    thread = [from_patient, from_therapist, from_colleague, read_reply]
    assert unread_by(Side.PATIENT, PATIENT, thread) == [from_therapist, from_colleague]
    assert unread_by(Side.CARE_TEAM, PATIENT, thread) == [from_patient]
    assert unread_by(Side.CARE_TEAM, PATIENT, [MessageFacts(PATIENT, READ)]) == []


def test_one_email_per_unread_burst():
    # The first message of a burst is announced ...
    assert opens_a_burst(Side.PATIENT, PATIENT, [])
    # ... the next ones are not while the first is unread ...
    assert not opens_a_burst(Side.PATIENT, PATIENT, [MessageFacts(PATIENT, None)])
    # ... and once it was read, the next message starts a new burst.
    assert opens_a_burst(Side.PATIENT, PATIENT, [MessageFacts(PATIENT, READ)])
    # The other side's unread messages do not hold back this side's email.
    assert opens_a_burst(Side.CARE_TEAM, PATIENT, [MessageFacts(PATIENT, None)])
    assert not opens_a_burst(Side.CARE_TEAM, PATIENT, [MessageFacts(OTHER, None)])
