"""The desk inbox as ready-made rows for the template."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from portal.contact.models import CallbackRequest, CallbackStatus
from portal.contact.workflow import next_statuses
from portal.localtime import describe_age, format_local
from portal.phone import display_phone, tel_uri

_ACTION_LABELS = {
    CallbackStatus.CONTACTED: "Mark contacted",
    CallbackStatus.CLOSED: "Close",
}


@dataclass(frozen=True)
class CallbackRow:
    id: int
    name: str
    phone: str
    phone_link: str
    city: str
    when: str
    message: str | None
    received: str
    received_ago: str
    handled: str | None
    actions: list[tuple[str, str]]  # (status value, button label)


@dataclass(frozen=True)
class Inbox:
    status: CallbackStatus
    rows: list[CallbackRow]
    tabs: list[tuple[CallbackStatus, int]]


def present_callback(callback: CallbackRequest) -> CallbackRow:
    timezone = callback.city.timezone
    handled = None
    if callback.status_changed_at is not None:
        who = callback.status_changed_by.name if callback.status_changed_by else "someone"
        when = format_local(callback.status_changed_at, timezone)
        handled = f"Marked {callback.status.value} by {who}, {when}"
    return CallbackRow(
        id=callback.id,
        name=callback.name,
        phone=display_phone(callback.phone),
        phone_link=tel_uri(callback.phone),
        city=callback.city.name,
        when=callback.preferred_time.label,
        message=callback.message,
        received=format_local(callback.created_at, timezone),
        received_ago=describe_age(callback.created_at),
        handled=handled,
        actions=[
            (status.value, _ACTION_LABELS[status])
            for status in CallbackStatus
            if status in next_statuses(callback.status)
        ],
    )


def present_inbox(
    callbacks: Sequence[CallbackRequest],
    status: CallbackStatus,
    counts: Mapping[CallbackStatus, int],
) -> Inbox:
    return Inbox(
        status=status,
        rows=[present_callback(callback) for callback in callbacks],
        tabs=[(each, counts.get(each, 0)) for each in CallbackStatus],
    )
