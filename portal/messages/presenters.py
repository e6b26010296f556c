"""What the message pages show, ready-made: who wrote, when (in the centre's time), what is new."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from portal.accounts.models import User
from portal.languages import gettext as _
from portal.localtime import day_and_clock
from portal.messages.models import Message
from portal.messages.rules import Side, is_open, side_of
from portal.messages.services import ThreadSummary

PREVIEW_LENGTH = 90


@dataclass(frozen=True)
class MessageView:
    id: int
    mine: bool
    sender: str
    body: str
    sent: str
    new: bool  # from the other side, not read before this visit


@dataclass(frozen=True)
class ThreadLine:
    plan_id: int
    title: str  # the plan's condition
    with_whom: str
    active: bool
    unread: int
    last_from: str | None
    preview: str | None
    last_sent: str | None


def message_view(
    message: Message, reader: User, reader_side: Side, zone: ZoneInfo, language: str = "en"
) -> MessageView:
    mine = message.sender_id == reader.id
    return MessageView(
        id=message.id,
        mine=mine,
        sender=_("You") if mine else message.sender.name,
        body=message.body,
        sent=day_and_clock(message.sent_at, zone, language=language),
        new=message.read_at is None
        and side_of(message.sender_id, message.patient_id) is not reader_side,
    )


def preview(body: str) -> str:
    line = " ".join(body.split())
    return line if len(line) <= PREVIEW_LENGTH else line[: PREVIEW_LENGTH - 1].rstrip() + "…"


def thread_line(
    summary: ThreadSummary, reader: User, with_whom: str, zone: ZoneInfo, language: str = "en"
) -> ThreadLine:
    last = summary.last
    return ThreadLine(
        plan_id=summary.plan.id,
        title=summary.plan.condition,
        with_whom=with_whom,
        active=is_open(summary.plan.status),
        unread=summary.unread,
        last_from=None
        if last is None
        else (_("You") if last.sender_id == reader.id else last.sender.name),
        preview=None if last is None else preview(last.body),
        last_sent=None
        if last is None
        else day_and_clock(last.sent_at, zone, year=False, language=language),
    )
