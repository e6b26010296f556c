"""Who takes part in a plan's thread, what is unread, and when the other side is emailed.

Plain values in, plain values out; portal/messages/access.py and services.py are their SQL
twins. PRODUCT.md: "Messages: the patient and their treating therapists" — the desk never,
and admins neither (notes name admins; messages do not).
"""

import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from portal.accounts.roles import Role
from portal.programs.models import PlanStatus


class Side(enum.StrEnum):
    PATIENT = "patient"
    CARE_TEAM = "care_team"  # the therapists treating the patient


@dataclass(frozen=True)
class MessageFacts:
    sender_id: int
    read_at: datetime | None


def may_take_part_as_staff(roles: Collection[Role]) -> bool:
    """Only therapists write to patients, and only to those they treat (the SQL twin:
    access.staff_thread_condition); a desk or admin role adds nothing."""
    return Role.THERAPIST in roles


def may_take_part(
    person_id: int, roles: Collection[Role], patient_id: int, *, treats_patient: bool
) -> bool:
    """The thread's patient, or a therapist who treats them."""
    if person_id == patient_id:
        return Role.PATIENT in roles
    return may_take_part_as_staff(roles) and treats_patient


def is_open(status: PlanStatus) -> bool:
    """New messages only while the plan is active; a completed or cancelled plan's thread
    stays readable."""
    return status is PlanStatus.ACTIVE


def side_of(sender_id: int, patient_id: int) -> Side:
    return Side.PATIENT if sender_id == patient_id else Side.CARE_TEAM


def unread_by(reader: Side, patient_id: int, messages: Iterable[MessageFacts]) -> list:
    """The messages the reader's side has not opened yet: the other side's, unread."""
    return [
        message
        for message in messages
        if message.read_at is None and side_of(message.sender_id, patient_id) is not reader
    ]


def opens_a_burst(sender: Side, patient_id: int, earlier: Iterable[MessageFacts]) -> bool:
    """One email per unread burst: a message is announced only when nothing from its side is
    already waiting unread (that one's email still stands)."""
    other = Side.CARE_TEAM if sender is Side.PATIENT else Side.PATIENT
    return not unread_by(other, patient_id, earlier)
