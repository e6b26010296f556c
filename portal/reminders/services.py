"""Choosing a reminder time, turning reminders off, and the worker's round: find who is due,
claim their day, and queue one email when something is still to do.

Each patient is handled under `serialized(patient)`: their day is claimed by moving
`settled_until` forward with a conditional UPDATE, and the email is queued in the same
transaction. Two workers (threads, processes, a cron run beside the worker) cannot both claim
a day; a worker that dies before committing leaves the day unclaimed, and the next round sends
it. So each day's reminder goes out at most once, and is not lost.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, cast

from flask import current_app
from sqlalchemy import ColumnElement, CursorResult, Select, and_, false, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute

from portal.accounts.email_language import writing_to
from portal.accounts.models import User
from portal.accounts.services import has_real_email
from portal.centres.models import City
from portal.db_types import utcnow
from portal.extensions import db
from portal.languages import gettext as _
from portal.localtime import to_local
from portal.programs.patient_day import PatientDay
from portal.programs.queries import load_plans, patient_city, patient_timezone
from portal.reminders.emails import queue_practice_reminder
from portal.reminders.models import PracticeReminderSetting
from portal.reminders.rules import due_day, reminder_content, settled_on_choosing
from portal.safety.stops import practice_on_hold
from portal.transactions import serialized

log = logging.getLogger(__name__)

BATCH = 200

# Areas above this one say whom to leave alone for now (privacy: a pending erasure), as a
# query of patient ids, registered next to their models.
HeldPatients = Callable[[], Select[int]]
_HELD: list[HeldPatients] = []


def no_reminders_for(query: HeldPatients) -> HeldPatients:
    """Register a query of patients who get no reminder while it lists them (a decorator)."""
    _HELD.append(query)
    return query


def setting_of(patient_id: int) -> PracticeReminderSetting | None:
    return db.session.get(PracticeReminderSetting, patient_id)


def patient_zone(patient: User) -> str:
    """The zone of the patient's day, as /today reads it (their plan's centre, else their own)."""
    return patient_timezone(patient, _plans_and_centres(patient))


def patient_time_name(patient: User) -> str:
    """'Bengaluru time' in the language of the page the patient reads."""
    city = patient_city(patient, _plans_and_centres(patient))
    return _("%(city)s time", city=city.name) if city is not None else _("India time")


def _plans_and_centres(patient: User):
    return load_plans([patient.id], with_therapists=False, with_programs=False)


def time_name(city: City | None) -> str:
    """'Bengaluru time': how the site names the zone of the patient's day."""
    return _("%(city)s time", city=city.name) if city is not None else _("India time")


def choose_reminder_time(
    patient: User, remind_at: time | None, now: datetime | None = None
) -> PracticeReminderSetting:
    """Save the patient's choice (None: no reminder). A time already past today starts
    tomorrow (rules.settled_on_choosing)."""
    now = now or utcnow()
    zone = patient_zone(patient)
    with serialized(patient.id):
        setting = setting_of(patient.id) or PracticeReminderSetting(patient_id=patient.id)
        setting.settled_until = settled_on_choosing(remind_at, setting.settled_until, zone, now)
        setting.remind_at = remind_at
        setting.chosen_at = now
        db.session.add(setting)
    return setting


def turn_off(patient_id: int) -> bool:
    """Reminders off (the unsubscribe link); False when they already were."""
    with serialized(patient_id):
        setting = setting_of(patient_id)
        if setting is None or setting.remind_at is None:
            return False
        setting.remind_at = None
        setting.chosen_at = utcnow()
    return True


@dataclass(frozen=True)
class RemindersRun:
    sent: int = 0
    not_needed: int = 0  # a day claimed with nothing left to do (or practice on hold)


def send_due_practice_reminders(now: datetime | None = None) -> RemindersRun:
    """The worker's round: every patient whose reminder time has passed today and whose day
    is not settled yet, in batches by id."""
    now = now or utcnow()
    sent = not_needed = 0
    after = 0
    while batch := _candidates(now, after, BATCH):
        for patient_id in batch:
            try:
                outcome = _remind(patient_id, now)
            except Exception:  # one patient's broken data must not silence everyone's reminders
                log.exception(
                    "practice reminder for patient %s failed; the next round retries", patient_id
                )
                continue
            sent += outcome == "sent"
            not_needed += outcome == "not needed"
        after = batch[-1]
    return RemindersRun(sent, not_needed)


def _candidates(now: datetime, after: int, limit: int) -> list[int]:
    """Patients who may be due: a superset, since the SQL cannot tell each patient's zone. For
    every zone in use, anyone whose chosen time has passed there and whose day there is not
    settled; rules.due_day then decides for each, in their own zone."""
    return list(
        db.session.scalars(
            select(PracticeReminderSetting.patient_id)
            .where(
                PracticeReminderSetting.patient_id > after,
                _may_be_due(now),
                _may_remind(PracticeReminderSetting.patient_id),
            )
            .order_by(PracticeReminderSetting.patient_id)
            .limit(limit)
        )
    )


def _may_be_due(now: datetime) -> ColumnElement[bool]:
    zones = set(db.session.scalars(select(City.timezone).distinct()))
    zones.add(current_app.config["DEFAULT_TIMEZONE"])
    windows = []
    for zone in sorted(zones):
        local = to_local(now, zone)
        windows.append(
            and_(
                PracticeReminderSetting.remind_at <= local.time(),
                or_(
                    PracticeReminderSetting.settled_until.is_(None),
                    PracticeReminderSetting.settled_until < local.date(),
                ),
            )
        )
    return and_(PracticeReminderSetting.remind_at.is_not(None), or_(false(), *windows))


def _may_remind(patient_id: InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """An active account, and no area holding the patient's reminders (a pending erasure)."""
    active = select(User.id).where(User.active)
    return and_(patient_id.in_(active), *(patient_id.not_in(held()) for held in _HELD))


def _remind(patient_id: int, now: datetime) -> str | None:
    """Settle the patient's day if it is due: 'sent', 'not needed', or None (not due, or
    another worker got there first)."""
    with serialized(patient_id):
        setting = setting_of(patient_id)
        patient = db.session.get(User, patient_id)
        if setting is None or patient is None or not _still_may_remind(patient):
            return None
        patient_day = PatientDay(patient, now)
        day = due_day(setting.remind_at, setting.settled_until, patient_day.timezone, now)
        if day is None or setting.remind_at is None or not claim_day(patient_id, day):
            return None
        with writing_to(patient):  # the worker has no page: the patient's own language
            content = reminder_content(
                day,
                [card.title for card in patient_day.page(day).still_to_do],
                practice_on_hold(patient_day.flags),
            )
            if content is None:
                return "not needed"
            city = patient_day.centre.city if patient_day.centre else None
            queue_practice_reminder(patient, content, setting.remind_at, time_name(city))
        return "sent"


def _still_may_remind(patient: User) -> bool:
    allowed = select(User.id).where(User.id == patient.id, _may_remind(User.id))
    return has_real_email(patient) and db.session.scalar(allowed) is not None


def claim_day(patient_id: int, day: date) -> bool:
    """Settle the patient's `day` if nobody has: True for the one caller that did."""
    result = db.session.execute(
        update(PracticeReminderSetting)
        .where(
            PracticeReminderSetting.patient_id == patient_id,
            PracticeReminderSetting.remind_at.is_not(None),
            or_(
                PracticeReminderSetting.settled_until.is_(None),
                PracticeReminderSetting.settled_until < day,
            ),
        )
        .values(settled_until=day)
    )
    return cast("CursorResult[Any]", result).rowcount == 1  # an UPDATE: a cursor result
