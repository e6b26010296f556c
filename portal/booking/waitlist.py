"""The waitlist: when nothing fits, a patient waits for a centre and service over some days;
when a slot frees up, the first one waiting for that day is emailed a link to book it."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from flask import url_for
from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import selectinload

from portal.accounts.email_language import writing_to
from portal.booking.models import Appointment, WaitlistEntry
from portal.booking.presenters import slot_value
from portal.centres.models import Centre
from portal.db_types import utcnow
from portal.extensions import db
from portal.languages import gettext as _
from portal.localtime import centre_zone, day_and_clock
from portal.notifications.services import queue_plain_email
from portal.transactions import serialized


@dataclass(frozen=True)
class FreedSlot:
    """The time an appointment held, noted before it moves or is cancelled."""

    centre: Centre
    centre_id: int
    service_id: int
    therapist_id: int
    patient_id: int
    starts_at: datetime

    @classmethod
    def of(cls, appointment: Appointment) -> "FreedSlot":
        return cls(
            centre=appointment.centre,
            centre_id=appointment.centre_id,
            service_id=appointment.service_id,
            therapist_id=appointment.therapist_id,
            patient_id=appointment.patient_id,
            starts_at=appointment.starts_at,
        )


def offer_freed_slot(appointment: FreedSlot) -> WaitlistEntry | None:
    """Tell the first patient waiting for this centre, service and day that a slot is free.

    The entry is claimed with a conditional UPDATE, so one freed slot notifies one patient.
    """
    if appointment.starts_at <= utcnow():
        return None
    zone = centre_zone(appointment.centre)
    day = appointment.starts_at.astimezone(zone).date()
    candidates = db.session.scalars(
        select(WaitlistEntry.id)
        .where(
            WaitlistEntry.centre_id == appointment.centre_id,
            WaitlistEntry.service_id == appointment.service_id,
            or_(
                WaitlistEntry.therapist_id.is_(None),
                WaitlistEntry.therapist_id == appointment.therapist_id,
            ),
            WaitlistEntry.earliest_date <= day,
            WaitlistEntry.latest_date >= day,
            WaitlistEntry.notified_at.is_(None),
            WaitlistEntry.left_at.is_(None),
            WaitlistEntry.patient_id != appointment.patient_id,
        )
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
    ).all()
    for entry_id in candidates:
        with serialized():
            result = db.session.execute(
                update(WaitlistEntry)
                .where(WaitlistEntry.id == entry_id, WaitlistEntry.notified_at.is_(None))
                .values(notified_at=utcnow())
            )
            claimed = cast("CursorResult[Any]", result).rowcount  # an UPDATE: a cursor result
            if claimed:
                entry = db.session.get_one(WaitlistEntry, entry_id)
                _queue_offer(entry, appointment)
                return entry
    return None


def _queue_offer(entry: WaitlistEntry, freed: FreedSlot) -> None:
    link = url_for(
        "booking.confirm",
        centre_slug=entry.centre.slug,
        service_slug=entry.service.slug,
        start=slot_value(freed.starts_at),
        therapist=freed.therapist_id,
        _external=True,
    )
    patient = entry.patient
    with writing_to(patient) as language:
        moment = day_and_clock(
            freed.starts_at, centre_zone(entry.centre), year=False, language=language
        )
        queue_plain_email(
            kind="waitlist_offer",
            to_email=patient.email,
            subject=_("A time is free: %(when)s", when=moment),
            body="\n\n".join(
                [
                    _("Dear %(name)s,", name=patient.name),
                    _(
                        "A %(service)s at our %(centre)s centre has just become free: %(when)s "
                        "(%(city)s time).",
                        service=entry.service.name.lower(),
                        centre=entry.centre.name,
                        when=moment,
                        city=entry.centre.city.name,
                    ),
                    _("Book it here before someone else does:") + f"\n{link}",
                    "Sthira Physio",
                ]
            ),
        )


def join_waitlist(
    patient_id: int, centre: Centre, service_id: int, therapist_id: int | None,
    earliest: date, latest: date,
) -> WaitlistEntry:  # fmt: skip
    """Put the patient on the waitlist (flushed): any therapist when therapist_id is None."""
    entry = WaitlistEntry(
        patient_id=patient_id, centre_id=centre.id, service_id=service_id,
        therapist_id=therapist_id, earliest_date=earliest, latest_date=latest,
    )  # fmt: skip
    db.session.add(entry)
    db.session.flush()
    return entry


def leave_waitlist(patient_id: int, entry_id: int) -> bool:
    """Take the patient's own entry off the waitlist (flushed); False for anyone else's."""
    entry = db.session.get(WaitlistEntry, entry_id)
    if entry is None or entry.patient_id != patient_id:
        return False
    entry.left_at = utcnow()
    db.session.flush()
    return True


def waiting_entries(patient_id: int, today: date) -> list[WaitlistEntry]:
    """The patient's entries still waiting (not left, last day not past)."""
    return list(
        db.session.scalars(
            select(WaitlistEntry)
            .where(
                WaitlistEntry.patient_id == patient_id,
                WaitlistEntry.left_at.is_(None),
                WaitlistEntry.latest_date >= today,
            )
            .options(selectinload(WaitlistEntry.centre), selectinload(WaitlistEntry.service))
        )
    )
