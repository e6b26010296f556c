"""Demo booking data: the services and a realistic working week for every demo therapist."""

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.booking.models import (
    Appointment,
    AppointmentSeries,
    Service,
    ServiceKind,
    WorkingHours,
)
from portal.centres.models import Centre, City
from portal.contact.models import PreferredTime
from portal.desk.services import register_phoned_patient
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest
from portal.localtime import centre_zone
from portal.programs.models import TreatmentPlan

SERVICES = [
    ("new-consultation", "New consultation", ServiceKind.OUTPATIENT, 45, 0),
    ("follow-up", "Follow-up session", ServiceKind.OUTPATIENT, 30, 0),
    ("home-visit", "Home visit", ServiceKind.HOME_VISIT, 60, 30),
]

MON_TO_SAT = range(6)
MON_TO_FRI = range(5)

# therapist email → centre slug, [(weekdays, start, end), …]
WEEKS: dict[str, tuple[str, list[tuple[Collection[int], time, time]]]] = {
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
        centre = db.session.execute(select(Centre).where(Centre.slug == centre_slug)).scalar_one()
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


# (patient, therapist, service, days from today, local hour, minute)
DEMO_APPOINTMENTS = [
    ("patient@demo.test", "therapist.blr@demo.test", "follow-up", 2, 10, 0),
    ("anita.desai@demo.test", "therapist.blr@demo.test", "follow-up", 1, 11, 30),
    ("suresh.babu@demo.test", "kavya.menon@demo.test", "new-consultation", 1, 9, 0),
    ("suresh.babu@demo.test", "therapist.blr@demo.test", "follow-up", -1, 9, 30),
    ("zoya.khan@demo.test", "therapist.hyd@demo.test", "follow-up", 1, 15, 0),
]


def ensure_demo_appointments(today: date) -> None:
    """A few appointments around today, so schedules and 'My appointments' are not empty."""
    if db.session.scalar(select(Appointment.id).limit(1)) is not None:
        return
    for patient_email, therapist_email, service_slug, days, hour, minute in DEMO_APPOINTMENTS:
        patient = db.session.execute(select(User).where(User.email == patient_email)).scalar_one()
        therapist = _user(therapist_email)
        service = db.session.execute(
            select(Service).where(Service.slug == service_slug)
        ).scalar_one()
        centre = therapist.as_therapist().centre
        zone = centre_zone(centre)
        starts = datetime.combine(today + timedelta(days=days), time(hour, minute), zone)
        db.session.add(_appointment(patient, therapist, centre, service, starts))
    db.session.commit()


def ensure_demo_home_visit(today: date) -> None:
    if db.session.scalar(select(HomeVisitRequest.id).limit(1)) is not None:
        return
    bengaluru = db.session.scalar(select(City).where(City.slug == "bengaluru"))
    db.session.add(
        HomeVisitRequest(
            name="Kamala Krishnan",
            phone="+919448213306",
            email="kamala.krishnan@example.com",
            address="Flat 3B, Lakshmi Residency, 5th Cross, 6th Block",
            pincode="560034",
            city=bengaluru,
            earliest_date=today + timedelta(days=1),
            latest_date=today + timedelta(days=5),
            preferred_time=PreferredTime.MORNING,
            reason="Knee replacement three weeks ago; cannot climb down to a cab yet.",
        )
    )
    db.session.commit()


PHONED_IN = ("Ramesh Gowda", "+919845561290", "blr-indiranagar", "kavya.menon@demo.test")


def ensure_phoned_in_patient(today: date) -> None:
    """A patient the desk registered when he phoned, without an email (so the desk phones
    him about changes), with a follow-up tomorrow evening."""
    name, phone, centre_slug, therapist_email = PHONED_IN
    if db.session.scalar(select(User.id).where(User.phone == phone)) is not None:
        return
    centre = db.session.execute(select(Centre).where(Centre.slug == centre_slug)).scalar_one()
    patient = register_phoned_patient(name, phone, None, centre)
    therapist = _user(therapist_email)
    service = db.session.execute(select(Service).where(Service.slug == "follow-up")).scalar_one()
    starts = datetime.combine(today + timedelta(days=1), time(17), centre_zone(centre))
    db.session.add(_appointment(patient, therapist, centre, service, starts))
    db.session.commit()


def _user(email: str) -> User:
    return db.session.execute(select(User).where(User.email == email)).scalar_one()


def _appointment(
    patient: User, therapist: User, centre: Centre, service: Service, starts: datetime
) -> Appointment:
    return Appointment(
        patient_id=patient.id,
        therapist_id=therapist.id,
        centre_id=centre.id,
        service_id=service.id,
        starts_at=starts.astimezone(UTC),
        ends_at=(starts + service.duration).astimezone(UTC),
    )


# A course booked from a plan: (patient, its plan's therapist, service, weekdays, hour, minute,
# sessions), from the second Monday ahead: clear of the one-off appointments of the next few
# days, which the same patient and therapist have (PostgreSQL refuses an overlap).
DEMO_COURSE = ("suresh.babu@demo.test", "therapist.blr@demo.test", "follow-up", (0, 3), 9, 30, 6)


def ensure_demo_course(today: date) -> None:
    """Suresh Babu's course of six follow-ups, Mondays and Thursdays at 9:30, booked from
    his plan: the plan page lists them, his appointments offer 'cancel the rest'."""
    if db.session.scalar(select(AppointmentSeries.id).limit(1)) is not None:
        return
    patient_email, therapist_email, service_slug, weekdays, hour, minute, count = DEMO_COURSE
    patient, therapist = _user(patient_email), _user(therapist_email)
    plan = db.session.scalar(
        select(TreatmentPlan).where(
            TreatmentPlan.patient_id == patient.id, TreatmentPlan.therapist_id == therapist.id
        )
    )
    service = db.session.execute(select(Service).where(Service.slug == service_slug)).scalar_one()
    centre = therapist.as_therapist().centre
    series = AppointmentSeries(
        patient_id=patient.id, therapist_id=therapist.id, centre_id=centre.id,
        service_id=service.id, plan_id=plan.id if plan else None, booked_by_id=therapist.id,
    )  # fmt: skip
    db.session.add(series)
    db.session.flush()
    monday = today + timedelta(days=14 - today.weekday())
    days = [d for n in range(7 * count) if (d := monday + timedelta(days=n)).weekday() in weekdays]
    for day in days[:count]:
        starts = datetime.combine(day, time(hour, minute), centre_zone(centre))
        appointment = _appointment(patient, therapist, centre, service, starts)
        appointment.series_id = series.id
        db.session.add(appointment)
    db.session.commit()
