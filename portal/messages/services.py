"""Reading and writing threads: the messages of a plan, what is unread, sending a message."""

from dataclasses import dataclass

from flask import g, has_app_context
from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    bindparam,
    case,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.scope import patients_treated_by
from portal.accounts.sessions import read_with_the_user
from portal.db_types import utcnow
from portal.extensions import db
from portal.messages.emails import queue_message_waiting
from portal.messages.models import Message
from portal.messages.rules import (
    MessageFacts,
    Side,
    may_take_part_as_staff,
    opens_a_burst,
    side_of,
    unread_by,
)
from portal.programs.models import PlanStatus, TreatmentPlan
from portal.statements import built_once
from portal.transactions import serialized

THREAD_LENGTH = 100  # the latest messages a thread page shows


@dataclass(frozen=True)
class ThreadSummary:
    plan: TreatmentPlan
    unread: int
    last: Message | None


def _with_sender():
    return joinedload(Message.sender).lazyload(User.role_grants)


def from_side(side: Side) -> ColumnElement[bool]:
    if side is Side.PATIENT:
        return Message.sender_id == Message.patient_id
    return Message.sender_id != Message.patient_id


def _other(side: Side) -> Side:
    return Side.CARE_TEAM if side is Side.PATIENT else Side.PATIENT


# The count is read at sign-in, in the same statement: a patient's with every patient, a
# therapist's with staff (the desk's is read too, and never shown: no thread to take part in).
# A request that has marked messages read counts again (the page that shows them counts what
# is left), and so does a session read without the staff's values (an older cookie).
_UNREAD_AS_PATIENT = "unread_as_patient"
_UNREAD_AS_STAFF = "unread_as_staff"
_MARKED_READ = "messages_marked_read"  # in g


def read_unread_count_with_the_user() -> None:
    read_with_the_user(_UNREAD_AS_PATIENT, lambda user_id: _unread(_waiting_for_patient(user_id)))
    read_with_the_user(
        _UNREAD_AS_STAFF, lambda user_id: _unread(_waiting_for_staff(user_id)), staff_only=True
    )


def _unread(waiting: ColumnElement[bool]) -> ScalarSelect[int]:
    return _unread_count(waiting).scalar_subquery()


def _unread_count(waiting: ColumnElement[bool]) -> Select[int]:
    return select(func.count()).where(Message.read_at.is_(None), waiting)


def _waiting_for_patient(patient_id: ColumnElement[int]) -> ColumnElement[bool]:
    return (Message.patient_id == patient_id) & from_side(Side.CARE_TEAM)


def _waiting_for_staff(therapist_id: ColumnElement[int]) -> ColumnElement[bool]:
    return Message.patient_id.in_(patients_treated_by(therapist_id)) & from_side(Side.PATIENT)


def unread_count(user: User) -> int:
    """Unread messages for the navigation: one COUNT over the partial index of unread rows
    (ix_messages_unread_patient_id), or none (read at sign-in, or no thread to take part in)."""
    as_patient, as_staff = Role.PATIENT in user.roles, may_take_part_as_staff(user.roles)
    if not (as_patient or as_staff):
        return 0
    sides = [side for side, takes_part in ((_UNREAD_AS_PATIENT, as_patient),
                                           (_UNREAD_AS_STAFF, as_staff)) if takes_part]  # fmt: skip
    read_at_sign_in = user.read_with_user
    if not g.get(_MARKED_READ) and all(side in read_at_sign_in for side in sides):
        return sum(int(read_at_sign_in[side]) for side in sides)  # the two sides never overlap
    return db.session.scalar(_unread_for(as_patient, as_staff), {"user_id": user.id}) or 0


@built_once
def _unread_for(as_patient: bool, as_staff: bool) -> Select[int]:
    user_id: ColumnElement[int] = bindparam("user_id")
    waiting = [
        *([_waiting_for_patient(user_id)] if as_patient else []),
        *([_waiting_for_staff(user_id)] if as_staff else []),
    ]
    return _unread_count(or_(*waiting))


def thread_messages(plan: TreatmentPlan) -> list[Message]:
    """The latest THREAD_LENGTH messages, oldest first, with their senders."""
    latest = db.session.scalars(
        select(Message)
        .where(Message.plan_id == plan.id)
        .order_by(Message.id.desc())
        .limit(THREAD_LENGTH)
        .options(_with_sender())
    ).all()
    return list(reversed(latest))


def mark_read(plan: TreatmentPlan, reader: Side, messages: list[Message]) -> None:
    """The reader's side has now seen the other side's messages. A write from a page (GET):
    taken only when something shown was unread, so reading an old thread writes nothing."""
    facts = [MessageFacts(message.sender_id, message.read_at) for message in messages]
    if not unread_by(reader, plan.patient_id, facts):
        return
    with serialized():
        _mark_read(plan, reader)


def _mark_read(plan: TreatmentPlan, reader: Side) -> None:
    db.session.execute(
        update(Message)
        .where(Message.plan_id == plan.id, Message.read_at.is_(None), from_side(_other(reader)))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if has_app_context():
        g.setdefault(_MARKED_READ, True)  # what was read at sign-in is out of date


def post_message(plan: TreatmentPlan, sender: User, body: str) -> Message:
    """Add the message; whoever writes has read what came before. The other side is emailed
    that a message is waiting unless an earlier one of this burst is still unread. Serialized
    on the patient, so two messages sent at once cannot both open a burst."""
    side = side_of(sender.id, plan.patient_id)
    with serialized(plan.patient_id):
        _mark_read(plan, side)
        unread = db.session.execute(
            select(Message.sender_id, Message.read_at).where(
                Message.plan_id == plan.id, Message.read_at.is_(None)
            )
        ).all()
        announce = opens_a_burst(side, plan.patient_id, [MessageFacts(*row) for row in unread])
        message = Message(plan_id=plan.id, patient_id=plan.patient_id, sender_id=sender.id,
                          body=body)  # fmt: skip
        db.session.add(message)
        db.session.flush()
        if announce:
            queue_message_waiting(plan, side, _care_team_writers(plan))
    return message


def _care_team_writers(plan: TreatmentPlan) -> list[User]:
    """The therapists who have written in this thread, besides the plan's own."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(
                    select(Message.sender_id).where(
                        Message.plan_id == plan.id, from_side(Side.CARE_TEAM)
                    )
                ),
                User.id != plan.therapist_id,
            )
            .order_by(User.id)
        )
    )


def _thread_stats(plan_ids: list[int], reader: Side) -> dict[int, tuple[int, int]]:
    """plan id → (unread for the reader, the last message's id)."""
    if not plan_ids:
        return {}
    unread = case((Message.read_at.is_(None) & from_side(_other(reader)), 1), else_=0)
    rows = db.session.execute(
        select(Message.plan_id, func.sum(unread), func.max(Message.id))
        .where(Message.plan_id.in_(plan_ids))
        .group_by(Message.plan_id)
    ).all()
    return {plan_id: (int(count or 0), last_id) for plan_id, count, last_id in rows}


def summaries(plans: list[TreatmentPlan], reader: Side) -> list[ThreadSummary]:
    """Each plan with its unread count and last message: two statements for any number."""
    stats = _thread_stats([plan.id for plan in plans], reader)
    last_ids = [last_id for _unread, last_id in stats.values()]
    last = {
        message.id: message
        for message in db.session.scalars(
            select(Message).where(Message.id.in_(last_ids)).options(_with_sender())
        )
    } if last_ids else {}  # fmt: skip
    return [
        ThreadSummary(
            plan=plan,
            unread=stats.get(plan.id, (0, None))[0],
            last=last.get(stats[plan.id][1]) if plan.id in stats else None,
        )
        for plan in plans
    ]


def patient_plans(patient: User) -> list[TreatmentPlan]:
    """A patient's plans, the active ones first, newest first."""
    return list(
        db.session.scalars(
            select(TreatmentPlan)
            .where(TreatmentPlan.patient_id == patient.id)
            .options(joinedload(TreatmentPlan.therapist).lazyload(User.role_grants))
            .order_by(
                (TreatmentPlan.status == PlanStatus.ACTIVE).desc(),
                TreatmentPlan.start_date.desc(),
                TreatmentPlan.id.desc(),
            )
        )
    )
