"""Practice done offline, sent when the phone is back online: each entry goes through the
rules and services of the practice and stop forms, and gets its own answer.

Sending the same entries again changes nothing: a session's occurrence key makes it one log,
and a stop's id from the phone makes it one flag."""

import enum
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from portal.accounts.models import User
from portal.offline.entries import Entry, PracticeEntry, Reason, StopEntry, Unreadable
from portal.programs.forms import PracticeForm
from portal.programs.patient_day import PatientDay
from portal.programs.presenters import item_card
from portal.programs.queries import load_logs
from portal.programs.schedule import can_log_on
from portal.programs.services import record_practice, stop_session


class Status(enum.StrEnum):
    SAVED = "saved"
    ALREADY_SAVED = "already_saved"
    REFUSED = "refused"


@dataclass(frozen=True)
class Outcome:
    key: str
    status: Status
    reason: Reason | None = None
    detail: str | None = None  # the form's own message for a value it refused


def sync_entries(patient: User, entries: list[Entry]) -> list[Outcome]:
    """Each entry in the order the phone queued them: a session done before a stop is still
    logged, one done after it is refused, as the forms would have done."""
    outcomes = []
    patient_day = PatientDay(patient)
    for entry in entries:
        outcome = _sync_one(patient_day, entry)
        if isinstance(entry, StopEntry) and outcome.status is Status.SAVED:
            patient_day = PatientDay(patient)  # its flags now stop this technique
        outcomes.append(outcome)
    return outcomes


def _sync_one(patient_day: PatientDay, entry: Entry) -> Outcome:
    if isinstance(entry, PracticeEntry):
        return _practice(patient_day, entry)
    if isinstance(entry, StopEntry):
        return _stop(patient_day, entry)
    return _refused(entry, Reason.UNREADABLE)


def _practice(patient_day: PatientDay, entry: PracticeEntry) -> Outcome:
    """The practice form's rules (programs.views.practice), answered instead of rendered."""
    if not can_log_on(entry.day, patient_day.today):
        return _refused(entry, Reason.TOO_OLD)
    item = patient_day.find_item_on(entry.item_id, entry.day)
    if item is None or not 1 <= entry.index <= item.times_per_day:
        return _refused(entry, Reason.NOT_FOUND)
    patient = patient_day.patient
    logs = load_logs(patient.id, entry.day, entry.day)
    card = item_card(item, patient_day.screening, logs, patient_day.flags)
    if card.occurrences[entry.index - 1].done:
        # Checked before the stop: a session saved by an earlier send, then stopped, was saved.
        return Outcome(entry.key, Status.ALREADY_SAVED)
    if card.stopped:
        return _refused(entry, Reason.STOPPED)
    if card.block is not None:
        return _refused(entry, Reason.BLOCKED, card.block.patient_message)
    form = PracticeForm(formdata=MultiDict(entry.answers), meta={"csrf": False})
    if not form.validate():
        return _refused(entry, Reason.INVALID, _first_error(form))
    _, created = record_practice(
        patient=patient,
        item=item,
        occurrence_date=entry.day,
        occurrence_index=entry.index,
        pain_before=int(form.pain_before.data),
        pain_after=int(form.pain_after.data),
        note=form.note.data,
    )
    return Outcome(entry.key, Status.SAVED if created else Status.ALREADY_SAVED)


def _stop(patient_day: PatientDay, entry: StopEntry) -> Outcome:
    """The stop form's rules (programs.views.stop), a little kinder to a late stop: a phone
    offline for over a week still gets its flag through, when the item was in the program on
    the day it names, or is today."""
    today = patient_day.today
    days = [entry.day] if entry.day is not None and entry.day <= today else []
    found = ((day, patient_day.find_item_on(entry.item_id, day)) for day in [*days, today])
    day, item = next(((day, item) for day, item in found if item is not None), (today, None))
    if item is None:
        return _refused(entry, Reason.NOT_FOUND)
    flag = stop_session(patient_day.patient, item, day, entry.client_id)
    return Outcome(entry.key, Status.ALREADY_SAVED if flag is None else Status.SAVED)


def _refused(entry: Entry | Unreadable, reason: Reason, detail: str | None = None) -> Outcome:
    return Outcome(entry.key, Status.REFUSED, reason, detail)


def _first_error(form: PracticeForm) -> str | None:
    return next((errors[0] for errors in form.errors.values() if errors), None)
