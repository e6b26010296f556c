"""Carrying out erasure: clinical records that must be kept are kept (and marked by the
anonymised account they belong to); everything else personal is deleted or anonymised."""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, select, update

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.accounts.sessions import end_all_sessions
from portal.booking.models import WaitlistEntry
from portal.contact.models import CallbackRequest
from portal.db_types import utcnow
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest
from portal.languages import N_
from portal.notifications.models import OutgoingEmail
from portal.privacy.models import ErasureRequest, ErasureStatus
from portal.reminders.models import PracticeReminderSetting
from portal.reminders.services import no_reminders_for
from portal.transactions import serialized

NOTICE = timedelta(hours=48)
# In English on the request's record (staff read it); translated where the patient reads it.
KEPT = N_(
    "Clinical records the law asks us to keep stay, without your name or contact details: "
    "treatment plans and notes, home programs, practice logs, safety flags and screening answers, "
    "PSFS and Oswestry scores, discharge summaries, appointments and messages with your "
    "therapists."
)


def request_erasure(patient: User, now: datetime | None = None) -> ErasureRequest:
    now = now or utcnow()
    erasure = ErasureRequest(patient_id=patient.id, requested_at=now, due_at=now + NOTICE)
    db.session.add(erasure)
    db.session.flush()
    return erasure


def pending_erasure(patient_id: int) -> ErasureRequest | None:
    return db.session.scalar(
        select(ErasureRequest).where(
            ErasureRequest.patient_id == patient_id,
            ErasureRequest.status == ErasureStatus.REQUESTED,
        )
    )


@no_reminders_for
def _awaiting_erasure() -> Select[int]:
    """A patient who asked to be forgotten gets no more practice reminders meanwhile."""
    return select(ErasureRequest.patient_id).where(ErasureRequest.status == ErasureStatus.REQUESTED)


def carry_out_due_erasures(now: datetime | None = None) -> int:
    now = now or utcnow()
    due = db.session.scalars(
        select(ErasureRequest.id).where(
            ErasureRequest.status == ErasureStatus.REQUESTED, ErasureRequest.due_at <= now
        )
    ).all()
    erased = 0
    for erasure_id in due:
        with serialized():
            erasure = db.session.get_one(ErasureRequest, erasure_id)
            if erasure.status is not ErasureStatus.REQUESTED:
                continue  # withdrawn, or done by a run that overlapped this one
            _erase(db.session.get_one(User, erasure.patient_id))
            erasure.status, erasure.done_at, erasure.outcome = ErasureStatus.DONE, now, KEPT
            erased += 1
    return erased


def _erase(user: User) -> None:
    original_email = user.email
    user.name = f"Erased patient {user.id}"
    user.email = f"erased-{user.id}@erased.invalid"
    user.phone = None
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.active = False
    end_all_sessions(user)
    if user.patient_profile is not None:
        user.patient_profile.date_of_birth = None
    db.session.execute(delete(WaitlistEntry).where(WaitlistEntry.patient_id == user.id))
    db.session.execute(
        delete(PracticeReminderSetting).where(PracticeReminderSetting.patient_id == user.id)
    )
    db.session.execute(delete(OutgoingEmail).where(OutgoingEmail.to_email == original_email))
    db.session.execute(
        update(CallbackRequest)
        .where(CallbackRequest.requested_by_id == user.id)
        .values(name="Erased", phone="+910000000000", message=None, requested_by_id=None)
    )
    db.session.execute(
        update(HomeVisitRequest)
        .where(HomeVisitRequest.requested_by_id == user.id)
        .values(
            name="Erased", phone="+910000000000", email=None, address="Erased", reason="Erased"
        )  # fmt: skip
    )
