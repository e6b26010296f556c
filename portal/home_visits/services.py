"""Home-visit requests: checking the pincode, finding therapists' free visit times, and the
desk's two answers (a booked visit, or a reasoned decline), each told to the requester."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal.accounts.email_language import writing_in
from portal.accounts.models import TherapistProfile, User
from portal.accounts.services import create_patient_without_login, find_user_by_email
from portal.booking.availability import available_slots
from portal.booking.models import Appointment, Service, ServiceKind
from portal.booking.services import BookingRequest, book
from portal.centres.models import Centre, City, ServiceablePincode
from portal.contact.models import PreferredTime
from portal.db_types import utcnow
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest, VisitRequestStatus
from portal.languages import DEFAULT_LANGUAGE, supported
from portal.languages import gettext as _
from portal.localtime import centre_zone
from portal.notifications.services import queue_plain_email

PREFERRED_HOURS = {
    PreferredTime.MORNING: (9, 12),
    PreferredTime.AFTERNOON: (12, 16),
    PreferredTime.EVENING: (16, 19),
    PreferredTime.ANY: (0, 24),
}


def served_area(city: City, pincode: str) -> ServiceablePincode | None:
    return db.session.scalar(
        select(ServiceablePincode).where(
            ServiceablePincode.city_id == city.id, ServiceablePincode.pincode == pincode
        )
    )


def served_areas_text(city: City) -> str:
    return ", ".join(f"{row.area} ({row.pincode})" for row in city.serviceable_pincodes)


def home_visit_service() -> Service:
    service = db.session.scalars(
        select(Service).where(Service.kind == ServiceKind.HOME_VISIT, Service.active)
    ).first()
    if service is None:
        raise LookupError("no active home-visit service: an admin keeps one under Services")
    return service


@dataclass(frozen=True)
class VisitSlot:
    therapist: User
    centre: Centre
    starts_at: datetime

    @property
    def value(self) -> str:
        return f"{self.therapist.id}@{self.starts_at.isoformat()}"


def visit_slots(request: HomeVisitRequest, now: datetime | None = None) -> list[VisitSlot]:
    """Free visit times of the city's home-visit therapists, within the wished dates and
    time of day (travel time kept on both sides)."""
    service = home_visit_service()
    therapists = db.session.execute(
        select(User, TherapistProfile.centre_id)
        .join(TherapistProfile, TherapistProfile.user_id == User.id)
        .join(Centre, Centre.id == TherapistProfile.centre_id)
        .where(
            Centre.city_id == request.city_id,
            TherapistProfile.does_home_visits.is_(True),
            User.active.is_(True),
        )
    ).all()
    by_centre: dict[int, list[User]] = defaultdict(list)
    for therapist, centre_id in therapists:
        by_centre[centre_id].append(therapist)
    first, last = _wished_dates(request)
    low, high = PREFERRED_HOURS[request.preferred_time]
    slots = []
    for centre_id, people in by_centre.items():
        centre = db.session.get_one(Centre, centre_id)
        zone = centre_zone(centre)
        names = {person.id: person for person in people}
        for slot in available_slots(
            centre=centre, service=service, therapist_ids=list(names), first_day=first,
            last_day=last, now=now or utcnow(),
        ):  # fmt: skip
            if low <= slot.starts_at.astimezone(zone).hour < high:
                slots.append(VisitSlot(names[slot.therapist_id], centre, slot.starts_at))
    return sorted(slots, key=lambda s: (s.starts_at, s.therapist.name))


def schedule_visit(
    request: HomeVisitRequest, therapist: User, starts_at: datetime, desk: User
) -> Appointment:
    """Book the visit (same guarantees as any booking) and mark the request scheduled."""
    patient = _patient_for(request)

    def mark_scheduled(appointment) -> None:
        request.appointment_id = appointment.id
        request.status = VisitRequestStatus.SCHEDULED
        request.handled_by_id = desk.id
        request.handled_at = utcnow()

    return book(
        BookingRequest(
            patient=patient,
            centre=therapist.as_therapist().centre,
            service=home_visit_service(),
            starts_at=starts_at,
            therapist_ids=[therapist.id],
            home_address=f"{request.address}, {request.pincode}",
        ),
        then=mark_scheduled,
    )


def decline_visit(request: HomeVisitRequest, reason: str, desk: User) -> None:
    request.status = VisitRequestStatus.DECLINED
    request.decline_reason = reason.strip()
    request.handled_by_id = desk.id
    request.handled_at = utcnow()
    if request.email:
        with writing_in(requester_language(request)):
            queue_plain_email(
                kind="visit_declined",
                to_email=request.email,
                subject=_("About your home-visit request"),
                body=_declined_body(request),
            )
    db.session.flush()


def requester_language(request: HomeVisitRequest) -> str:
    """The language of emails to the requester: their account's, else the request page's."""
    requester = request.requested_by
    return (
        supported(requester.language if requester is not None else None)
        or supported(request.language)
        or DEFAULT_LANGUAGE
    )


def _declined_body(request: HomeVisitRequest) -> str:
    """The desk's reason is quoted as they wrote it."""
    return "\n\n".join(
        [
            _("Dear %(name)s,", name=request.name),
            _("Thank you for asking us to visit. We are sorry, we cannot arrange this visit:"),
            request.decline_reason or "",
            _("Please call us, or ask us to call you, and we will help you find another way."),
            "Sthira Physio",
        ]
    )


def _wished_dates(request: HomeVisitRequest) -> tuple[date, date]:
    return request.earliest_date, request.latest_date


def _patient_for(request: HomeVisitRequest) -> User:
    """The requester's patient account: their own, one with their email, or a new one.

    A guest gets an account nobody can log in to until they choose a password (without an
    email, an address in the reserved .invalid domain), so the visit can still be booked and
    kept, and their emails tell them to call rather than go online.
    """
    if request.requested_by is not None:
        return request.requested_by
    if request.email and (existing := find_user_by_email(request.email)) is not None:
        return existing
    guest = create_patient_without_login(
        name=request.name, phone=request.phone, email=request.email
    )
    guest.language = supported(request.language)  # the visit's emails in the request's language
    return guest
