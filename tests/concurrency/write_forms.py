"""Every form that writes, as a race: `prepare` builds a world where n people each send it
once (each writing a row, or changing a record, of their own) and `stored` counts what they
wrote. tests/concurrency/test_concurrent_writes.py fires them at once, in this process and
across gunicorn's worker processes."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.accounts.signup import SignUp, sign_up_token
from portal.audit.models import AuditEvent
from portal.booking.models import Appointment, AppointmentStatus, Service, TimeOff, WaitlistEntry
from portal.booking.presenters import slot_value
from portal.centres.models import Centre
from portal.contact.models import CallbackRequest, CallbackStatus, PreferredTime
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest, VisitRequestStatus
from portal.localtime import local_today
from portal.messages.models import Message
from portal.notifications.models import OutgoingEmail
from portal.privacy.models import ErasureRequest
from portal.programs.models import PlanStatus, PracticeLog, PsfsAssessment, TreatmentPlan
from portal.safety.models import FlagKind, SafetyFlag, SafetyScreening
from tests.concurrency.racing import Attempt
from tests.factories import PASSWORD, Factories

KOLKATA = ZoneInfo("Asia/Kolkata")


@dataclass(frozen=True)
class WriteForm:
    name: str
    prepare: Callable[[Factories, int], list[Attempt]]
    stored: Callable[[], int]
    answer: int = 302  # the status of a success: most forms redirect after the write

    def __str__(self) -> str:
        return self.name


def count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def phone(i: int) -> str:
    return f"98456 7{i:04d}"


def tomorrow() -> str:
    return (local_today("Asia/Kolkata") + timedelta(days=1)).isoformat()


def _centre(make: Factories) -> Centre:
    """The one centre of these worlds, Indiranagar in Bengaluru."""
    existing = db.session.scalar(select(Centre).where(Centre.slug == "blr-indiranagar"))
    return existing or make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")


def _patients(make: Factories, n: int, screened: bool = True) -> list[User]:
    centre = _centre(make)
    patients = [make.patient(centre=centre, name=f"Racer {i}") for i in range(n)]
    for patient in patients if screened else ():
        make.screening(patient)
    return patients


def _as_each(patients: list[User], url: str | Callable[[User], str], data=None) -> list[Attempt]:
    return [
        Attempt(url(p) if callable(url) else url, dict(data or {}), login=p.email) for p in patients
    ]


# Visitors


def callbacks(make, n):
    make.city("Hyderabad")
    return [
        Attempt("/contact", {"name": f"Caller {i}", "phone": phone(i), "city": "hyderabad",
                             "preferred_time": "evening", "consent": "y"})
        for i in range(n)
    ]  # fmt: skip


def home_visit_requests(make, n):
    make.pincode(_centre(make).city, "560038", "Indiranagar")
    make.service("home-visit")
    first = local_today("Asia/Kolkata") + timedelta(days=1)
    return [
        Attempt("/home-visit", {
            "name": f"Visitor {i}", "phone": phone(i), "email": "", "city": "bengaluru",
            "address": "No. 12, 2nd Cross, HAL 2nd Stage", "pincode": "560038",
            "earliest_date": first.isoformat(), "latest_date": (first + timedelta(2)).isoformat(),
            "preferred_time": "morning", "reason": "Cannot travel after hip surgery.",
            "consent": "y",
        })
        for i in range(n)
    ]  # fmt: skip


def registrations(make, n):
    _centre(make)
    return [
        Attempt("/register", {"name": f"Newcomer {i}", "email": f"newcomer{i}@example.com",
                              "phone": phone(i), "centre": "blr-indiranagar",
                              "privacy_consent": "y"})
        for i in range(n)
    ]  # fmt: skip


def sign_up_confirmations(make, n):
    """Newcomers open the links their sign-up emails brought and choose a password."""
    _centre(make)
    tokens = [
        sign_up_token(SignUp(f"newcomer{i}@example.com", f"Newcomer {i}", f"+91984567{i:04d}",
                             "blr-indiranagar", None))
        for i in range(n)
    ]  # fmt: skip
    return [
        Attempt(f"/register/confirm/{token}",
                {"password": "a long enough secret", "confirm_password": "a long enough secret"})
        for token in tokens
    ]  # fmt: skip


def logins(make, n):
    return [
        Attempt("/login", {"email": p.email, "password": PASSWORD})
        for p in _patients(make, n, screened=False)
    ]


def reset_requests(make, n):
    return [
        Attempt("/reset-password", {"email": p.email}) for p in _patients(make, n, screened=False)
    ]


# Patients


def _plans(make, n: int) -> tuple[User, dict[int, TreatmentPlan]]:
    """A therapist and n screened patients of theirs, each with a plan of one item (BL23)."""
    therapist = make.therapist(_centre(make))
    plans = {p.id: make.plan(p, therapist, [make.item("BL23")]) for p in _patients(make, n)}
    return therapist, plans


def _item_url(plans: dict[int, TreatmentPlan], suffix: str = ""):
    return lambda p: f"/today/practice/{plans[p.id].program.versions[-1].items[0].id}{suffix}"


def practice_logs(make, n):
    _therapist, plans = _plans(make, n)
    patients = [plan.patient for plan in plans.values()]
    return _as_each(patients, _item_url(plans),
                    {"pain_before": "6", "pain_after": "3", "note": "Easier."})  # fmt: skip


def sharp_pain_stops(make, n):
    _therapist, plans = _plans(make, n)
    return _as_each([plan.patient for plan in plans.values()], _item_url(plans, "/stop"))


def offline_syncs(make, n):
    """Each patient's phone sends what it queued offline: a session, then a stop."""
    _therapist, plans = _plans(make, n)
    today = local_today("Asia/Kolkata").isoformat()
    attempts = []
    for plan in plans.values():
        item_id = plan.program.versions[-1].items[0].id
        stop_id = str(uuid.uuid4())
        entries = [
            {"key": "practice", "kind": "practice", "item_id": item_id, "occurrence_date": today,
             "occurrence_index": 1, "pain_before": "6", "pain_after": "3", "note": ""},
            {"key": "stop", "kind": "stop", "id": stop_id, "item_id": item_id,
             "occurrence_date": today},
        ]  # fmt: skip
        attempts.append(
            Attempt("/offline/sync", login=plan.patient.email, json_body={"entries": entries})
        )
    return attempts


def _synced_sessions_and_stops() -> int:
    """Patients with both their session and their stop stored."""
    stopped = select(SafetyFlag.patient_id).where(SafetyFlag.client_id.is_not(None))
    return count(PracticeLog, PracticeLog.patient_id.in_(stopped))


def cancellations(make, n):
    """Each patient cancels their own appointment, two days ahead (outside the cut-off)."""
    centre = _centre(make)
    therapist, service = make.therapist(centre), make.service("follow-up")
    day = local_today("Asia/Kolkata") + timedelta(days=2)
    first = datetime.combine(day, time(8), KOLKATA).astimezone(UTC)
    patients = _patients(make, n)
    appointments = {
        p.id: make.appointment(p, therapist, centre, service, first + timedelta(minutes=30 * i))
        for i, p in enumerate(patients)
    }
    return _as_each(patients, lambda p: f"/appointments/{appointments[p.id].id}/cancel")


def logouts(make, n):
    return _as_each(_patients(make, n, screened=False), "/logout")


def psfs_scores(make, n):
    return _as_each(_patients(make, n), "/progress/psfs",
                    {"activity_1": "Sitting through a meeting", "score_1": "4"})  # fmt: skip


CALM_SCREENING = {"pregnancy": "no", "high_blood_pressure": "no", "skin_problems": "no"}


def screening_answers(make, n):
    return _as_each(_patients(make, n, screened=False), "/safety/screening", CALM_SCREENING)


def red_flag_reports(make, n):
    patients = _patients(make, n)
    make.desk(_centre(make).city)
    return _as_each(patients, "/safety/symptoms", {"saddle_numbness": "y"})


def waitlist_entries(make, n):
    make.service("follow-up")
    return _as_each(_patients(make, n), "/book/blr-indiranagar/follow-up/waitlist")


def bookings(make, n):
    """n patients, two therapists, every time asked for by two: nobody is refused."""
    centre = _centre(make)
    for name in ("Dr. Arjun Hegde", "Dr. Kiran Rao"):
        make.working_week(make.therapist(centre, name=name), centre)
    make.service("follow-up")
    day = local_today("Asia/Kolkata") + timedelta(days=1)
    starts = [datetime.combine(day, time(9), KOLKATA) + timedelta(minutes=30 * (i // 2))
              for i in range(n)]  # fmt: skip
    return [
        Attempt("/book/blr-indiranagar/follow-up/confirm",
                {"start": slot_value(start.astimezone(UTC)), "therapist": "any"}, login=p.email)
        for p, start in zip(_patients(make, n), starts, strict=True)
    ]  # fmt: skip


def erasure_requests(make, n):
    return _as_each(_patients(make, n), "/account/erase",
                    {"understood": "y", "password": PASSWORD})  # fmt: skip


def password_changes(make, n):
    return _as_each(_patients(make, n, screened=False), "/account/password",
                    {"current_password": PASSWORD, "password": "a brand new passphrase",
                     "confirm_password": "a brand new passphrase"})  # fmt: skip


# Staff


def callback_status_changes(make, n):
    city = make.city("Bengaluru")
    desk = make.desk(city)
    return [
        Attempt(f"/desk/callbacks/{make.callback(city, name=f'Caller {i}').id}/status",
                {"status": "contacted"}, login=desk.email)
        for i in range(n)
    ]  # fmt: skip


def desk_new_patients(make, n):
    centre = _centre(make)
    desk = make.desk(centre.city)
    return [
        Attempt("/desk/patients/new", {"name": f"Walk-in {i}", "phone": phone(i), "email": "",
                                       "centre": str(centre.id)}, login=desk.email)
        for i in range(n)
    ]  # fmt: skip


def requested_visits(city, n: int) -> list[HomeVisitRequest]:
    """n home visits asked for tomorrow, at any time of day."""
    day = local_today("Asia/Kolkata") + timedelta(days=1)
    visits = [
        HomeVisitRequest(name=f"Visitor {i}", phone="+919845677103", address="HAL 2nd Stage",
                         pincode="560038", city=city, earliest_date=day, latest_date=day,
                         preferred_time=PreferredTime.ANY, reason="Cannot travel.")
        for i in range(n)
    ]  # fmt: skip
    db.session.add_all(visits)
    db.session.commit()
    return visits


def home_visit_declines(make, n):
    city = _centre(make).city
    desk = make.desk(city)
    visits = requested_visits(city, n)
    return [
        Attempt(f"/desk/home-visits/{visit.id}/decline",
                {"reason": "No therapist free that week."}, login=desk.email)
        for visit in visits
    ]  # fmt: skip


def time_off(make, n):
    centre = _centre(make)
    therapist, desk = make.therapist(centre), make.desk(centre.city)
    first = local_today("Asia/Kolkata") + timedelta(days=1)
    days = [first + timedelta(days=i) for i in range(n)]
    return [
        Attempt(f"/rota/{therapist.id}/time-off",
                {"starts_at": f"{day}T09:00", "ends_at": f"{day}T10:00"}, login=desk.email)
        for day in days
    ]  # fmt: skip


def flag_acknowledgements(make, n):
    centre = _centre(make)
    therapist = make.therapist(centre)
    patients = _patients(make, n)
    for patient in patients:
        make.plan(patient, therapist, [make.item("BL23")])
    flags = [SafetyFlag(patient_id=p.id, kind=FlagKind.SHARP_PAIN, details="Sharp pain.")
             for p in patients]  # fmt: skip
    db.session.add_all(flags)
    db.session.commit()
    return [
        Attempt(f"/therapist/flags/{flag.id}/acknowledge", {"note": "Called; hold reduced."},
                login=therapist.email)
        for flag in flags
    ]  # fmt: skip


def plan_status_changes(make, n):
    therapist, plans = _plans(make, n)
    return [
        Attempt(f"/therapist/plans/{plan.id}/status", {"status": "completed"},
                login=therapist.email)
        for plan in plans.values()
    ]  # fmt: skip


def new_plans(make, n):
    therapist = make.therapist(_centre(make))
    plan = {"condition": "Low back pain", "goals": "Walk 30 minutes", "sessions_planned": "6",
            "session_frequency": "Twice a week", "start_date": local_today("Asia/Kolkata"),
            "template": ""}  # fmt: skip
    return [
        Attempt(f"/therapist/patients/{p.id}/plans/new", plan, login=therapist.email)
        for p in _patients(make, n)
    ]


def new_services(make, n):
    admin = make.admin()
    return [
        Attempt("/admin/services/new", {"name": f"Service {i}", "slug": f"service-{i}",
                                        "kind": "outpatient", "duration_minutes": "30",
                                        "buffer_minutes": "0", "active": "y"},
                login=admin.email)
        for i in range(n)
    ]  # fmt: skip


# fmt: off
def one_patients_burst_of_messages(make, n):
    """One patient sends n messages into their plan's thread at the same moment."""
    centre = _centre(make)
    [patient] = _patients(make, 1)
    plan = make.plan(patient, make.therapist(centre, name="Dr. Arjun Hegde"))
    return [
        Attempt(f"/messages/{plan.id}", {"body": f"Question {i}"}, login=patient.email)
        for i in range(n)
    ]


WRITE_FORMS = [
    WriteForm("call-back", callbacks, lambda: count(CallbackRequest)),
    WriteForm("home-visit request", home_visit_requests, lambda: count(HomeVisitRequest)),
    WriteForm("registration", registrations,
              lambda: count(OutgoingEmail, OutgoingEmail.kind == "sign_up"), answer=200),
    WriteForm("sign-up confirmation", sign_up_confirmations,
              lambda: count(User, User.email.like("newcomer%@example.com"))),
    WriteForm("login (audited)", logins, lambda: count(AuditEvent, AuditEvent.action == "login")),
    WriteForm("password reset request", reset_requests,
              lambda: count(OutgoingEmail, OutgoingEmail.kind == "password_reset")),
    WriteForm("practice log", practice_logs, lambda: count(PracticeLog)),
    WriteForm("sharp pain: stop", sharp_pain_stops,
              lambda: count(SafetyFlag, SafetyFlag.kind == FlagKind.SHARP_PAIN)),
    WriteForm("offline sync", offline_syncs, _synced_sessions_and_stops, answer=200),
    WriteForm("PSFS score", psfs_scores, lambda: count(PsfsAssessment)),
    WriteForm("screening answers", screening_answers, lambda: count(SafetyScreening)),
    WriteForm("red-flag report", red_flag_reports,
              lambda: count(SafetyFlag, SafetyFlag.kind == FlagKind.RED_FLAG)),
    WriteForm("waitlist", waitlist_entries, lambda: count(WaitlistEntry)),
    WriteForm("booking", bookings, lambda: count(Appointment)),
    WriteForm("cancellation", cancellations,
              lambda: count(Appointment, Appointment.status == AppointmentStatus.CANCELLED)),
    WriteForm("logout (audited)", logouts,
              lambda: count(AuditEvent, AuditEvent.action == "logout")),
    WriteForm("erasure request", erasure_requests, lambda: count(ErasureRequest)),
    WriteForm("password change", password_changes,
              lambda: count(AuditEvent, AuditEvent.action == "password_changed")),
    WriteForm("desk: call-back status", callback_status_changes,
              lambda: count(CallbackRequest, CallbackRequest.status == CallbackStatus.CONTACTED)),
    WriteForm("desk: new patient", desk_new_patients,
              lambda: count(User, User.name.like("Walk-in %"))),
    WriteForm("desk: decline home visit", home_visit_declines,
              lambda: count(HomeVisitRequest,
                            HomeVisitRequest.status == VisitRequestStatus.DECLINED)),
    WriteForm("desk: time off", time_off, lambda: count(TimeOff)),
    WriteForm("therapist: acknowledge flag", flag_acknowledgements,
              lambda: count(SafetyFlag, SafetyFlag.acknowledged_at.is_not(None))),
    WriteForm("therapist: new plan", new_plans, lambda: count(TreatmentPlan)),
    WriteForm("messages: one patient's burst", one_patients_burst_of_messages,
              lambda: count(Message)),
    WriteForm("therapist: plan status", plan_status_changes,
              lambda: count(TreatmentPlan, TreatmentPlan.status == PlanStatus.COMPLETED)),
    WriteForm("admin: new service", new_services,
              lambda: count(Service, Service.slug.like("service-%"))),
]
# fmt: on
