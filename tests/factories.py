"""`make.<thing>(...)` factories: realistic defaults, every detail overridable by keyword."""

import itertools
from datetime import date, time

from sqlalchemy import select

from portal.accounts.roles import Role
from portal.accounts.services import create_user
from portal.booking.models import Appointment, Service, ServiceKind, WorkingHours
from portal.centres.models import Centre, City, OpeningHours, ServiceablePincode
from portal.contact.models import CallbackRequest, CallbackStatus, PreferredTime
from portal.db_types import utcnow
from portal.extensions import db
from portal.guide.exercise_library import STARTER_EXERCISES
from portal.guide.library import STARTER_POINTS
from portal.guide.models import Technique, TechniqueKind
from portal.localtime import local_today
from portal.programs.drafts import ItemDraft
from portal.programs.services import create_plan, publish_version
from portal.safety.models import SafetyScreening
from portal.safety.rules import Pregnancy
from portal.weekdays import EVERY_DAY

PASSWORD = "correct horse battery"  # noqa: S105
_counter = itertools.count(1)


class Factories:
    def city(self, name: str = "Bengaluru", timezone: str = "Asia/Kolkata", **fields) -> City:
        slug = fields.pop("slug", name.lower())
        existing = db.session.scalar(select(City).where(City.slug == slug))
        if existing is not None:
            return existing
        city = City(slug=slug, name=name, timezone=timezone, **fields)
        db.session.add(city)
        db.session.commit()
        return city

    def pincode(self, city: City, pincode: str, area: str = "Indiranagar") -> ServiceablePincode:
        row = ServiceablePincode(city=city, pincode=pincode, area=area)
        db.session.add(row)
        db.session.commit()
        return row

    def centre(self, city: City | None = None, name: str | None = None, **fields) -> Centre:
        n = next(_counter)
        city = city or self.city()
        name = name or f"Centre {n}"
        hours = fields.pop("hours", {day: (time(8), time(20)) for day in range(6)})
        centre = Centre(
            city=city,
            name=name,
            slug=fields.pop("slug", f"{city.slug}-centre-{n}"),
            street=fields.pop("street", f"No. {n}, 12th Main Road"),
            locality=fields.pop("locality", "Indiranagar"),
            pincode=fields.pop("pincode", "560038"),
            phone=fields.pop("phone", "+918041126530"),
            **fields,
        )
        centre.opening_hours = [
            OpeningHours(weekday=day, opens=opens, closes=closes)
            for day, (opens, closes) in hours.items()
        ]
        db.session.add(centre)
        db.session.commit()
        return centre

    def user(self, role: Role, **fields):
        n = next(_counter)
        return create_user(
            email=fields.pop("email", f"{role.value}{n}@example.test"),
            name=fields.pop("name", f"Test {role.value.title()} {n}"),
            password=fields.pop("password", PASSWORD),
            phone=fields.pop("phone", "+919845012345"),
            role=role,
            **fields,
        )

    def patient(self, **fields):
        return self.user(Role.PATIENT, **fields)

    def therapist(self, centre: Centre | None = None, **fields):
        return self.user(Role.THERAPIST, centre=centre or self.centre(), **fields)

    def desk(self, city: City | None = None, **fields):
        return self.user(Role.DESK, city=city or self.city(), **fields)

    def admin(self, **fields):
        return self.user(Role.ADMIN, **fields)

    def technique(self, code: str = "BL23", **fields) -> Technique:
        """A technique from the starter library (points and exercises), added if missing."""
        existing = db.session.scalar(select(Technique).where(Technique.code == code))
        if existing is not None:
            return existing
        points = {entry["code"]: entry for entry in STARTER_POINTS}
        exercises = {entry["code"]: entry for entry in STARTER_EXERCISES}
        kind = TechniqueKind.ACUPRESSURE if code in points else TechniqueKind.EXERCISE
        technique = Technique(kind=kind, **{**(points.get(code) or exercises[code]), **fields})
        db.session.add(technique)
        db.session.commit()
        return technique

    def plan(self, patient, therapist, items=None, start: date | None = None, **fields):
        """A plan with its first program version published from `start` (default: today)."""
        start = start or local_today("Asia/Kolkata")
        plan = create_plan(
            patient=patient,
            therapist=therapist,
            condition=fields.pop("condition", "Low back pain"),
            goals=fields.pop("goals", "Sit through a working day"),
            sessions_planned=fields.pop("sessions_planned", 6),
            session_frequency=fields.pop("session_frequency", "Twice a week"),
            start_date=start,
            end_date=fields.pop("end_date", None),
        )
        db.session.commit()
        drafts = items if items is not None else [self.item("BL23"), self.item("BRIDGE")]
        publish_version(plan.program, drafts, start, therapist)
        db.session.commit()  # services flush; the caller (here the test's setup) commits
        return plan

    def item(self, code: str, **dose) -> ItemDraft:
        """A program item for the technique `code` with its default dose."""
        technique = self.technique(code)
        values = {
            "technique_id": technique.id,
            "hold_seconds": technique.default_hold_seconds,
            "side": technique.default_side,
            "times_per_day": 1,
            "weekdays_mask": EVERY_DAY,
            "sets": technique.default_sets,
            "reps": technique.default_reps,
        }
        return ItemDraft(**{**values, **dose})

    def screening(self, patient, pregnancy=Pregnancy.NO, high_blood_pressure=False, **fields):
        screening = SafetyScreening(
            patient_id=patient.id,
            pregnancy=pregnancy,
            high_blood_pressure=high_blood_pressure,
            skin_problems=fields.pop("skin_problems", False),
            answered_at=fields.pop("answered_at", utcnow()),
        )
        db.session.merge(screening)
        db.session.commit()
        return screening

    def service(self, slug: str = "follow-up", **fields) -> Service:
        existing = db.session.scalar(select(Service).where(Service.slug == slug))
        if existing is not None:
            return existing
        defaults = {
            "new-consultation": ("New consultation", ServiceKind.OUTPATIENT, 45, 0),
            "follow-up": ("Follow-up session", ServiceKind.OUTPATIENT, 30, 0),
            "home-visit": ("Home visit", ServiceKind.HOME_VISIT, 60, 30),
        }
        name, kind, minutes, buffer = defaults[slug]
        service = Service(slug=slug, name=name, kind=kind, duration_minutes=minutes,
                          buffer_minutes=buffer, **fields)  # fmt: skip
        db.session.add(service)
        db.session.commit()
        return service

    def working_week(self, therapist, centre, starts=time(9), ends=time(18), days=range(7)):
        """Working hours every day by default, so tests do not depend on today's weekday."""
        for weekday in days:
            db.session.add(WorkingHours(therapist_id=therapist.id, centre_id=centre.id,
                                        weekday=weekday, starts=starts, ends=ends))  # fmt: skip
        db.session.commit()

    def appointment(self, patient, therapist, centre, service, starts_at, **fields) -> Appointment:
        appointment = Appointment(
            patient_id=patient.id, therapist_id=therapist.id, centre_id=centre.id,
            service_id=service.id, starts_at=starts_at, ends_at=starts_at + service.duration,
            buffer_minutes=service.buffer_minutes, **fields,
        )  # fmt: skip
        db.session.add(appointment)
        db.session.commit()
        return appointment

    def callback(self, city: City | None = None, **fields) -> CallbackRequest:
        callback = CallbackRequest(
            name=fields.pop("name", "Lakshmi Iyer"),
            phone=fields.pop("phone", "+919845677102"),
            city=city or self.city(),
            preferred_time=fields.pop("preferred_time", PreferredTime.MORNING),
            message=fields.pop("message", "Lower back pain for two weeks."),
            consent_at=fields.pop("consent_at", utcnow()),
            status=fields.pop("status", CallbackStatus.NEW),
            **fields,
        )
        db.session.add(callback)
        db.session.commit()
        return callback
