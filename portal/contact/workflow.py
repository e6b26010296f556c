"""How a call-back request moves through the desk's hands."""

from portal.contact.models import CallbackStatus

# A request can be closed without a call (a duplicate, or the person rang us first).
_NEXT_STATUSES: dict[CallbackStatus, frozenset[CallbackStatus]] = {
    CallbackStatus.NEW: frozenset({CallbackStatus.CONTACTED, CallbackStatus.CLOSED}),
    CallbackStatus.CONTACTED: frozenset({CallbackStatus.CLOSED}),
    CallbackStatus.CLOSED: frozenset(),
}


class StatusChangeRefused(ValueError):
    pass


def next_statuses(current: CallbackStatus) -> frozenset[CallbackStatus]:
    return _NEXT_STATUSES[current]


def check_status_change(current: CallbackStatus, wanted: CallbackStatus) -> None:
    if wanted not in _NEXT_STATUSES[current]:
        raise StatusChangeRefused(f"A {current} request cannot be marked {wanted}.")
