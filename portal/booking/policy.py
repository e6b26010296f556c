"""Booking rules that depend only on times: the patient's cancel/reschedule cut-off."""

from datetime import datetime, timedelta

CHANGE_CUTOFF = timedelta(hours=12)


def patient_may_change(starts_at: datetime, now: datetime, cutoff: timedelta = CHANGE_CUTOFF):
    """A patient may cancel or move an appointment until `cutoff` before it starts."""
    return now <= starts_at - cutoff


def staff_may_change(starts_at: datetime, now: datetime) -> bool:
    """The desk may move or cancel an appointment until it begins, cut-off or not."""
    return now < starts_at
