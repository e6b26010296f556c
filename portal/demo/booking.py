"""Demo booking data: the services and a realistic working week for every demo therapist."""

from datetime import time

from sqlalchemy import select

from portal.accounts.models import User
from portal.booking.models import Service, ServiceKind, WorkingHours
from portal.centres.models import Centre
from portal.extensions import db

SERVICES = [
    ("new-consultation", "New consultation", ServiceKind.OUTPATIENT, 45, 0),
    ("follow-up", "Follow-up session", ServiceKind.OUTPATIENT, 30, 0),
    ("home-visit", "Home visit", ServiceKind.HOME_VISIT, 60, 30),
]

MON_TO_SAT = range(6)
MON_TO_FRI = range(5)

# therapist email → centre slug, [(weekdays, start, end), …]
WEEKS = {
    "therapist.blr@demo.test": ("blr-indiranagar", [
        (MON_TO_SAT, time(9), time(13)), (MON_TO_FRI, time(14), time(18)),
    ]),
    "kavya.menon@demo.test": ("blr-indiranagar", [
        (MON_TO_FRI, time(8), time(12)), (MON_TO_FRI, time(16), time(20)),
    ]),
    "therapist.hyd@demo.test": ("hyd-jubilee-hills", [
        (MON_TO_FRI, time(10), time(14)), (MON_TO_FRI, time(15), time(19)),
        ([5], time(9), time(13)),
    ]),
}  # fmt: skip


def ensure_services() -> None:
    known = set(db.session.scalars(select(Service.slug)))
    for slug, name, kind, minutes, buffer in SERVICES:
        if slug not in known:
            db.session.add(
                Service(
                    slug=slug, name=name, kind=kind, duration_minutes=minutes, buffer_minutes=buffer
                )  # fmt: skip
            )
    db.session.commit()


def ensure_working_weeks() -> None:
    for email, (centre_slug, blocks) in WEEKS.items():
        therapist = db.session.scalar(select(User).where(User.email == email))
        if therapist is None or db.session.scalar(
            select(WorkingHours.id).where(WorkingHours.therapist_id == therapist.id)
        ):
            continue
        centre = db.session.scalar(select(Centre).where(Centre.slug == centre_slug))
        for weekdays, starts, ends in blocks:
            for weekday in weekdays:
                db.session.add(
                    WorkingHours(
                        therapist_id=therapist.id,
                        centre_id=centre.id,
                        weekday=weekday,
                        starts=starts,
                        ends=ends,
                    )  # fmt: skip
                )
    db.session.commit()
