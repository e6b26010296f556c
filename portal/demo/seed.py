"""Loading the demo data: get-or-create by natural key, so running it twice changes nothing."""

from datetime import date

from sqlalchemy import select

from portal.accounts.models import TherapistProfile, User
from portal.accounts.services import create_user, find_user_by_email
from portal.centres.models import Centre, City, OpeningHours, ServiceablePincode
from portal.contact.models import CallbackRequest, PreferredTime
from portal.contact.services import record_callback
from portal.demo.booking import (
    ensure_demo_appointments,
    ensure_demo_course,
    ensure_demo_home_visit,
    ensure_phoned_in_patient,
    ensure_services,
    ensure_working_weeks,
)
from portal.demo.care import (
    ensure_demo_care,
    ensure_demo_reminder,
    ensure_exercises,
    ensure_templates,
)
from portal.demo.data import ACCOUNTS, CALLBACKS, CITIES, DEMO_PASSWORD
from portal.demo.messages import ensure_demo_messages
from portal.demo.notes import ensure_demo_notes
from portal.extensions import db
from portal.guide.library import STARTER_POINTS
from portal.guide.models import Technique, TechniqueKind
from portal.localtime import local_today


def database_is_empty() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is None


def seed_reference_data() -> None:
    """What every clinic database starts from: the cities and centres, the technique library,
    the program templates and the services (the demo and the chain-sized data share it)."""
    for city_data in CITIES:
        _ensure_city(city_data)
    _ensure_guide()
    db.session.commit()
    ensure_exercises()
    ensure_templates()
    ensure_services()


def seed_demo(today: date | None = None) -> None:
    """The demo clinic around `today` (default: today in India), one day for every part."""
    today = today or local_today("Asia/Kolkata")
    seed_reference_data()
    for account in ACCOUNTS:
        _ensure_account(account)
    _ensure_callbacks()
    ensure_demo_care(today)
    ensure_demo_reminder()
    ensure_working_weeks()
    ensure_demo_appointments(today)
    ensure_demo_course(today)
    ensure_demo_home_visit(today)
    ensure_phoned_in_patient(today)
    ensure_demo_messages(today)
    ensure_demo_notes(today)


def _ensure_city(data: dict) -> City:
    city = db.session.scalar(select(City).where(City.slug == data["slug"]))
    if city is None:
        city = City(slug=data["slug"], name=data["name"], timezone=data["timezone"])
        db.session.add(city)
    known = {row.pincode for row in city.serviceable_pincodes}
    for pincode, area in data["pincodes"].items():
        if pincode not in known:
            city.serviceable_pincodes.append(ServiceablePincode(pincode=pincode, area=area))
    for centre_data in data["centres"]:
        ensure_centre(city, centre_data)
    return city


def ensure_centre(city: City, data: dict) -> None:
    if db.session.scalar(select(Centre.id).where(Centre.slug == data["slug"])) is not None:
        return
    fields = {key: value for key, value in data.items() if key != "hours"}
    centre = Centre(city=city, **fields)
    centre.opening_hours = [
        OpeningHours(weekday=day, opens=opens, closes=closes)
        for day, (opens, closes) in sorted(data["hours"].items())
    ]
    db.session.add(centre)


def _ensure_guide() -> None:
    existing = set(db.session.scalars(select(Technique.code)))
    for order, point in enumerate(STARTER_POINTS):
        if point["code"] not in existing:
            db.session.add(Technique(kind=TechniqueKind.ACUPRESSURE, sort_order=order, **point))


def _ensure_account(data: dict) -> None:
    if find_user_by_email(data["email"]) is not None:
        return
    centre = _by_slug(Centre, data.get("centre"))
    user = create_user(
        email=data["email"],
        name=data["name"],
        phone=data["phone"],
        password=DEMO_PASSWORD,
        role=data["role"],
        centre=centre,
        city=_by_slug(City, data.get("city")),
    )
    if data.get("does_home_visits"):
        db.session.get_one(TherapistProfile, user.id).does_home_visits = True
        db.session.commit()


def _ensure_callbacks() -> None:
    if db.session.scalar(select(CallbackRequest.id).limit(1)) is not None:
        return
    for data in CALLBACKS:
        record_callback(
            name=data["name"],
            phone_e164=data["phone"],
            city=_by_slug(City, data["city"]),
            preferred_time=PreferredTime(data["preferred_time"]),
            message=data["message"],
            requested_by=None,
        )


def _by_slug(model, slug: str | None):
    if slug is None:
        return None
    return db.session.scalar(select(model).where(model.slug == slug))
