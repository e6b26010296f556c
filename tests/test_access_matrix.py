"""Who may open what: one table of every route × role, checked against the access rules.

The world: patient A of Indiranagar (Bengaluru) with a plan and program from therapist A, a
flag, an appointment, a waitlist entry; patient B of the same centre; a therapist and a desk
of Hyderabad; a desk of Bengaluru; an admin. Every id, slug or code in a URL points at patient
A's side of that world, so the table reads: who may touch patient A's things.

A cell is one of:
- 200: the page shows;
- OK: allowed: 200, a redirect somewhere other than /login, or, for a POST sent with an empty
  form, 400/409/422 (the form is refused, not the person);
- LOGIN: a redirect to /login; 403: the page is not for this role and its URL names no
  record; 404: not this person's record, or a URL with an id on a page not for this role
  (ids reveal nothing: test_a_role_refused_a_url_with_an_id_gets_404_and_without_one_403).

A POST is sent with an empty form (CSRF is off in tests): the access decision is what is
checked. After a POST that went through, the world is built again before the next cell.
A route added to the app without a row here fails test_every_route_has_a_row_and_every_row_a_route.
"""

from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from flask import current_app, url_for
from sqlalchemy import func, select

from portal.accounts.reset import reset_token
from portal.accounts.signup import SignUp, sign_up_token
from portal.audit.models import AuditEvent
from portal.booking.models import Service, TimeOff, WaitlistEntry, WorkingHours
from portal.booking.presenters import slot_value
from portal.contact.models import PreferredTime
from portal.db_types import utcnow
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest
from portal.localtime import local_today
from portal.notes.models import TreatmentNote
from portal.notifications.models import OutgoingEmail
from portal.outcomes.models import DischargeSummary
from portal.programs.services import record_psfs
from portal.reminders.models import PracticeReminderSetting
from portal.reminders.tokens import unsubscribe_token
from portal.safety.models import FlagKind
from portal.safety.services import raise_flag
from tests.factories import PASSWORD, Factories

KOLKATA = ZoneInfo("Asia/Kolkata")
ROLES = (
    "anonymous", "patient_a", "patient_b", "therapist_a", "therapist_other",
    "desk_a", "desk_other", "admin",
)  # fmt: skip
OK, LOGIN = "ok", "login"
SKIPPED_ENDPOINTS = {"static", "bootstrap.static"}

# Shorthands for whole rows.
EVERYONE = (200,) * 8
EVERYONE_OK = (OK,) * 8

# fmt: off
#                                            anon   pat_a  pat_b  th_a   th_oth desk_a desk_o admin
MATRIX: dict[tuple[str, str], tuple] = {
    # Public pages.
    ("public.index", "GET"):                EVERYONE,
    ("public.privacy", "GET"):              EVERYONE,
    ("public.healthz", "GET"):              EVERYONE,
    ("centres.index", "GET"):               EVERYONE,
    ("guide.index", "GET"):                 EVERYONE,
    ("guide.point", "GET"):                 EVERYONE,
    ("contact.request_callback", "GET"):    EVERYONE,
    ("contact.request_callback", "POST"):   EVERYONE_OK,
    ("contact.thanks", "GET"):              EVERYONE,
    ("home_visits.request_visit", "GET"):   EVERYONE,
    ("home_visits.request_visit", "POST"):  EVERYONE_OK,
    ("home_visits.thanks", "GET"):          EVERYONE,
    ("booking.choose_centre", "GET"):       EVERYONE,
    ("booking.choose_service", "GET"):      EVERYONE,
    ("booking.choose_time", "GET"):         EVERYONE,
    # Accounts: a logged-in person is sent on to their home page.
    ("accounts.login", "GET"):              (200,   OK,    OK,    OK,    OK,    OK,    OK,    OK),
    ("accounts.login", "POST"):             EVERYONE_OK,
    ("accounts.register", "GET"):           (200,   OK,    OK,    OK,    OK,    OK,    OK,    OK),
    ("accounts.register", "POST"):          EVERYONE_OK,
    ("accounts.logout", "GET"):             (OK,    200,   200,   200,   200,   200,   200,   200),
    ("accounts.logout", "POST"):            EVERYONE_OK,
    ("accounts.account", "GET"):            (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    ("accounts.change_password", "GET"):    (LOGIN, 200,   200,   200,   200,   200,   200,   200),
    ("accounts.change_password", "POST"):   (LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    ("accounts.end_every_session", "POST"): (LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK),
    ("accounts.choose_language", "POST"):   EVERYONE_OK,  # staff: a cookie, pages stay English
    # A link emailed to someone registering: the token is the proof, whoever holds it.
    ("accounts.confirm_sign_up", "GET"):    EVERYONE,
    ("accounts.confirm_sign_up", "POST"):   EVERYONE_OK,
    ("accounts.request_reset", "GET"):      EVERYONE,
    ("accounts.request_reset", "POST"):     EVERYONE_OK,
    # Patient A's reset link: the token is the proof, whoever holds it.
    ("accounts.reset_password", "GET"):     EVERYONE,
    ("accounts.reset_password", "POST"):    EVERYONE_OK,
    # A patient's own day, program, progress and safety answers.
    ("programs.today", "GET"):              (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("programs.practice", "GET"):           (LOGIN, 200,   404,   404,   404,   404,   404,   404),
    ("programs.practice", "POST"):          (LOGIN, OK,    404,   404,   404,   404,   404,   404),
    ("programs.stop", "POST"):              (LOGIN, OK,    404,   404,   404,   404,   404,   404),
    ("programs.progress", "GET"):           (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("programs.psfs", "GET"):               (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("programs.psfs", "POST"):              (LOGIN, OK,    OK,    403,   403,   403,   403,   403),
    ("programs.odi", "GET"):                (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("programs.odi", "POST"):               (LOGIN, OK,    OK,    403,   403,   403,   403,   403),
    ("programs.discharge_summary", "GET"):  (LOGIN, 200,   404,   404,   404,   404,   404,   404),
    ("programs.print_program", "GET"):      (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("safety.screening", "GET"):            (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("safety.screening", "POST"):           (LOGIN, OK,    OK,    403,   403,   403,   403,   403),
    ("safety.screening_saved", "GET"):      (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("safety.symptoms", "GET"):             (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("safety.symptoms", "POST"):            (LOGIN, OK,    OK,    403,   403,   403,   403,   403),
    ("safety.no_red_flags", "GET"):         (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("safety.urgent", "GET"):               (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("programs.stopped", "GET"):            (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    # A patient's daily practice reminder; its unsubscribe link works for whoever holds it.
    ("reminders.settings", "GET"):          (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("reminders.settings", "POST"):         (LOGIN, OK,    OK,    403,   403,   403,   403,   403),
    ("reminders.unsubscribe", "GET"):       EVERYONE,
    ("reminders.unsubscribe", "POST"):      EVERYONE_OK,
    # A patient's own data: export and erasure.
    ("privacy.overview", "GET"):            (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("privacy.export_summary", "GET"):      (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("privacy.export_json", "GET"):         (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("privacy.erase", "GET"):               (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("privacy.erase", "POST"):              (LOGIN, OK,    OK,    403,   403,   403,   403,   403),
    ("privacy.withdraw_erasure", "POST"):   (LOGIN, OK,    OK,    403,   403,   403,   403,   403),
    # A patient's appointments and waitlist.
    ("booking.appointments", "GET"):        (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("booking.confirm_cancel", "GET"):      (LOGIN, 200,   404,   404,   404,   404,   404,   404),
    ("booking.cancel_appointment", "POST"): (LOGIN, OK,    404,   404,   404,   404,   404,   404),
    ("booking.reschedule", "GET"):          (LOGIN, OK,    404,   404,   404,   404,   404,   404),
    ("booking.join_waitlist", "POST"):      (LOGIN, OK,    OK,    403,   403,   403,   403,   403),
    ("booking.leave_waitlist", "POST"):     (LOGIN, OK,    404,   404,   404,   404,   404,   404),
    # Booking: patients for themselves, the desk and admins for a patient they choose first.
    ("booking.confirm", "GET"):             (LOGIN, 200,   200,   403,   403,   OK,    OK,    OK),
    ("booking.confirm", "POST"):            (LOGIN, OK,    OK,    403,   403,   OK,    OK,    OK),
    # Staff schedules: each sees their own (checked for content below).
    ("booking.staff_schedule", "GET"):      (LOGIN, 403,   403,   200,   200,   200,   200,   200),
    ("booking.record_outcome", "POST"):     (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    # Therapists: patients of their centre or with a plan of theirs; admins read everything.
    ("therapist.dashboard", "GET"):         (LOGIN, 403,   403,   200,   200,   403,   403,   200),
    ("therapist.patients", "GET"):          (LOGIN, 403,   403,   200,   200,   403,   403,   200),
    ("therapist.patient", "GET"):           (LOGIN, 404,   404,   200,   404,   404,   404,   200),
    ("therapist.new_plan", "GET"):          (LOGIN, 404,   404,   200,   404,   404,   404,   404),
    ("therapist.new_plan", "POST"):         (LOGIN, 404,   404,   OK,    404,   404,   404,   404),
    ("therapist.plan", "GET"):              (LOGIN, 404,   404,   200,   404,   404,   404,   200),
    ("therapist.print_plan", "GET"):        (LOGIN, 404,   404,   200,   404,   404,   404,   200),
    ("therapist.program", "GET"):           (LOGIN, 404,   404,   200,   404,   404,   404,   404),
    ("therapist.program", "POST"):          (LOGIN, 404,   404,   OK,    404,   404,   404,   404),
    ("therapist.plan_status", "POST"):      (LOGIN, 404,   404,   OK,    404,   404,   404,   404),
    ("therapist.book_course", "GET"):       (LOGIN, 404,   404,   200,   404,   404,   404,   404),
    ("therapist.book_course", "POST"):      (LOGIN, 404,   404,   OK,    404,   404,   404,   404),
    # The world's plan has a discharge summary: the form sends its therapist on to it.
    ("discharge.discharge", "GET"):         (LOGIN, 404,   404,   OK,    404,   404,   404,   404),
    ("discharge.discharge", "POST"):        (LOGIN, 404,   404,   OK,    404,   404,   404,   404),
    ("discharge.summary", "GET"):           (LOGIN, 404,   404,   200,   404,   404,   404,   200),
    ("therapist.acknowledge", "POST"):      (LOGIN, 404,   404,   OK,    404,   404,   404,   OK),
    # Messages: the patient and the therapists treating them; never the desk, nor admins.
    ("messages.patient_threads", "GET"):    (LOGIN, 200,   200,   403,   403,   403,   403,   403),
    ("messages.patient_thread", "GET"):     (LOGIN, 200,   404,   404,   404,   404,   404,   404),
    ("messages.patient_thread", "POST"):    (LOGIN, OK,    404,   404,   404,   404,   404,   404),
    ("messages.inbox", "GET"):              (LOGIN, 403,   403,   200,   200,   403,   403,   403),
    ("messages.staff_thread", "GET"):       (LOGIN, 404,   404,   200,   404,   404,   404,   404),
    ("messages.staff_thread", "POST"):      (LOGIN, 404,   404,   OK,    404,   404,   404,   404),
    # The desk: requests and appointments of its own city; admins every city.
    ("desk.inbox", "GET"):                  (LOGIN, 403,   403,   403,   403,   200,   200,   200),
    ("desk.change_status", "POST"):         (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    ("desk.home_visits", "GET"):            (LOGIN, 403,   403,   403,   403,   200,   200,   200),
    ("desk.home_visit", "GET"):             (LOGIN, 404,   404,   404,   404,   200,   404,   200),
    ("desk.schedule_home_visit", "POST"):   (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    ("desk.decline_home_visit", "POST"):    (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    ("desk.patients", "GET"):               (LOGIN, 403,   403,   403,   403,   200,   200,   200),
    ("desk.book_for", "POST"):              (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    ("desk.stop_booking_for", "POST"):      (LOGIN, 403,   403,   403,   403,   OK,    OK,    OK),
    ("desk.new_patient", "GET"):            (LOGIN, 403,   403,   403,   403,   200,   200,   200),
    ("desk.new_patient", "POST"):           (LOGIN, 403,   403,   403,   403,   OK,    OK,    OK),
    ("desk.appointment", "GET"):            (LOGIN, 404,   404,   404,   404,   200,   404,   200),
    ("desk.cancel_appointment", "POST"):    (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    ("desk.book_course", "GET"):            (LOGIN, 404,   404,   404,   404,   200,   404,   200),
    ("desk.book_course", "POST"):           (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    ("desk.move_appointment", "POST"):      (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    # The rota: the desk keeps its city's therapists' hours.
    ("rota.therapists", "GET"):             (LOGIN, 403,   403,   403,   403,   200,   200,   200),
    ("rota.therapist", "GET"):              (LOGIN, 404,   404,   404,   404,   200,   404,   200),
    ("rota.add_hours", "POST"):             (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    ("rota.remove_hours", "POST"):          (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    ("rota.add_time_off", "POST"):          (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    ("rota.remove_time_off", "POST"):       (LOGIN, 404,   404,   404,   404,   OK,    404,   OK),
    # Admin: the content library and services.
    ("admin.techniques", "GET"):            (LOGIN, 403,   403,   403,   403,   403,   403,   200),
    ("admin.new_technique", "GET"):         (LOGIN, 403,   403,   403,   403,   403,   403,   200),
    ("admin.new_technique", "POST"):        (LOGIN, 403,   403,   403,   403,   403,   403,   OK),
    ("admin.edit_technique", "GET"):        (LOGIN, 404,   404,   404,   404,   404,   404,   200),
    ("admin.edit_technique", "POST"):       (LOGIN, 404,   404,   404,   404,   404,   404,   OK),
    ("admin.services", "GET"):              (LOGIN, 403,   403,   403,   403,   403,   403,   200),
    ("admin.new_service", "GET"):           (LOGIN, 403,   403,   403,   403,   403,   403,   200),
    ("admin.new_service", "POST"):          (LOGIN, 403,   403,   403,   403,   403,   403,   OK),
    ("admin.edit_service", "GET"):          (LOGIN, 404,   404,   404,   404,   404,   404,   200),
    ("audit.events", "GET"):                (LOGIN, 403,   403,   403,   403,   403,   403,   200),
    ("privacy.erasure_requests", "GET"):    (LOGIN, 403,   403,   403,   403,   403,   403,   200),
    ("admin.edit_service", "POST"):         (LOGIN, 404,   404,   404,   404,   404,   404,   OK),
    # Admin: centres and staff accounts.
    ("admin.index", "GET"):                 (LOGIN, 403,   403,   403,   403,   403,   403,   200),
    ("admin.centres", "GET"):               (LOGIN, 403,   403,   403,   403,   403,   403,   200),
    ("admin.edit_centre", "GET"):           (LOGIN, 404,   404,   404,   404,   404,   404,   200),
    ("admin.edit_centre", "POST"):          (LOGIN, 404,   404,   404,   404,   404,   404,   OK),
    ("admin.staff", "GET"):                 (LOGIN, 403,   403,   403,   403,   403,   403,   200),
    ("admin.new_staff", "GET"):             (LOGIN, 403,   403,   403,   403,   403,   403,   200),
    ("admin.new_staff", "POST"):            (LOGIN, 403,   403,   403,   403,   403,   403,   OK),
    ("admin.edit_staff", "GET"):            (LOGIN, 404,   404,   404,   404,   404,   404,   200),
    ("admin.edit_staff", "POST"):           (LOGIN, 404,   404,   404,   404,   404,   404,   OK),
    ("admin.set_staff_active", "POST"):     (LOGIN, 404,   404,   404,   404,   404,   404,   OK),
    ("admin.send_staff_password_link", "POST"): (LOGIN, 404, 404, 404,   404,   404,   404,   OK),
    ("admin.emails", "GET"):                (LOGIN, 403,   403,   403,   403,   403,   403,   200),
    ("admin.retry_email", "POST"):          (LOGIN, 404,   404,   404,   404,   404,   404,   OK),
    # Treatment notes: the session's therapist writes (the appointment has not begun: sent on);
    # treating therapists and admins read, treating therapists add addenda; never the desk.
    ("notes.write", "GET"):                 (LOGIN, 404,   404,   OK,    404,   404,   404,   404),
    ("notes.write", "POST"):                (LOGIN, 404,   404,   OK,    404,   404,   404,   404),
    ("notes.show", "GET"):                  (LOGIN, 404,   404,   200,   404,   404,   404,   200),
    ("notes.addendum", "POST"):             (LOGIN, 404,   404,   OK,    404,   404,   404,   OK),
}
# fmt: on

# Query strings a route needs to reach its access decision with a valid-looking request.
QUERY = {
    "booking.confirm": lambda world: {"start": slot_value(world["free_slot"])},
}


def tomorrow_at(hour: int, days: int = 1) -> datetime:
    day = local_today("Asia/Kolkata") + timedelta(days=days)
    return datetime.combine(day, time(hour), KOLKATA).astimezone(UTC)


def build_world() -> dict:
    make = Factories()
    bengaluru, hyderabad = make.city("Bengaluru"), make.city("Hyderabad")
    centre = make.centre(bengaluru, "Indiranagar", slug="blr-indiranagar")
    other_centre = make.centre(
        hyderabad, "Jubilee Hills", slug="hyd-jubilee-hills", locality="Jubilee Hills",
        pincode="500033",
    )  # fmt: skip
    therapist_a = make.therapist(centre, name="Dr. Arjun Hegde")
    therapist_a.therapist_profile.does_home_visits = True
    therapist_other = make.therapist(other_centre, name="Dr. Sana Mirza")
    patient_a = make.patient(name="Rohan Kulkarni", centre=centre)
    patient_b = make.patient(name="Meera Nair", centre=centre)
    make.screening(patient_a)
    make.screening(patient_b)
    service = make.service("follow-up")
    make.service("home-visit")
    make.pincode(bengaluru, "560038", "Indiranagar")
    make.working_week(therapist_a, centre)
    make.working_week(therapist_other, other_centre)

    plan = make.plan(patient_a, therapist_a, [make.item("BL23"), make.item("BRIDGE")])
    items = {item.technique.code: item for item in plan.program.versions[-1].items}
    # On the bridge: a sharp-pain flag stops its item, and the matrix starts BL23 (item 1).
    flag = raise_flag(patient_a, FlagKind.SHARP_PAIN, "Stopped the bridge.", items["BRIDGE"])
    record_psfs(patient_a, local_today("Asia/Kolkata"), [("Sitting through a meeting", 4)])
    db.session.add(PracticeReminderSetting(patient_id=patient_a.id, remind_at=time(7, 30)))
    appointment = make.appointment(patient_a, therapist_a, centre, service, tomorrow_at(10))
    make.appointment(patient_b, therapist_a, centre, service, tomorrow_at(11))
    yesterday = make.appointment(patient_a, therapist_a, centre, service, tomorrow_at(10, days=-1))
    note = TreatmentNote(appointment_id=yesterday.id, patient_id=patient_a.id,
                         author_id=therapist_a.id, subjective="Ache sitting.",
                         assessment="Mechanical low back pain.", plan="Extension.",
                         signed_at=utcnow())  # fmt: skip

    today = local_today("Asia/Kolkata")
    waiting = WaitlistEntry(patient_id=patient_a.id, centre_id=centre.id, service_id=service.id,
                            earliest_date=today + timedelta(days=1),
                            latest_date=today + timedelta(days=7))  # fmt: skip
    visit = HomeVisitRequest(
        name="Savitri Rao", phone="+919845677103", email="savitri@example.test",
        address="No. 12, 2nd Cross, HAL 2nd Stage", pincode="560038", city=bengaluru,
        earliest_date=today + timedelta(days=1), latest_date=today + timedelta(days=3),
        preferred_time=PreferredTime.MORNING, reason="Cannot travel after hip surgery.",
        requested_by_id=patient_a.id,
    )  # fmt: skip
    time_off = TimeOff(therapist_id=therapist_a.id, starts_at=tomorrow_at(9, days=5),
                       ends_at=tomorrow_at(12, days=5), reason="Conference")  # fmt: skip
    undeliverable = OutgoingEmail(kind="reminder", to_email=patient_a.email, subject="Reminder",
                                  body="…", attempts=14, undeliverable_at=utcnow(),
                                  last_error="SMTPRecipientsRefused")  # fmt: skip
    summary = DischargeSummary(plan_id=plan.id, written_by_id=therapist_a.id,
                               discharged_on=today, home_advice="Keep walking daily.")  # fmt: skip
    db.session.add_all([waiting, visit, time_off, undeliverable, summary, note])
    db.session.commit()
    callback = make.callback(bengaluru, name="Lakshmi Iyer")
    hours = db.session.scalars(
        select(WorkingHours).where(WorkingHours.therapist_id == therapist_a.id)
    ).first()

    users = {
        "patient_a": patient_a, "patient_b": patient_b, "therapist_a": therapist_a,
        "therapist_other": therapist_other, "desk_a": make.desk(bengaluru),
        "desk_other": make.desk(hyderabad), "admin": make.admin(),
    }  # fmt: skip
    url_values = {
        "centre_slug": centre.slug,
        "service_slug": service.slug,
        "code": "BL23",
        "appointment_id": appointment.id,
        "item_id": items["BL23"].id,
        "patient_id": patient_a.id,
        "plan_id": plan.id,
        "flag_id": flag.id,
        "callback_id": callback.id,
        "request_id": visit.id,
        "therapist_id": therapist_a.id,
        "hours_id": hours.id,
        "time_off_id": time_off.id,
        "technique_id": items["BL23"].technique_id,
        "service_id": service.id,
        "centre_id": centre.id,
        "user_id": therapist_a.id,
        "entry_id": waiting.id,
        "token": reset_token(patient_a),
        "unsubscribe_token": unsubscribe_token(patient_a.id),
        "email_id": undeliverable.id,
        "note_id": note.id,
        "sign_up_token": sign_up_token(SignUp("new@example.com", "New Patient", None, None, None)),
    }
    return {"users": users, "url_values": url_values, "free_slot": tomorrow_at(15)}


def fresh_world() -> dict:
    """The world again from scratch (rows deleted: much faster than TRUNCATE on PostgreSQL)."""
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    return build_world()


def rules_by_key(app) -> dict:
    rules = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            rules[(rule.endpoint, method)] = rule
    return rules


def url_of(rule, world: dict) -> str:
    missing = rule.arguments - world["url_values"].keys()
    assert not missing, f"{rule.rule}: add a value for {sorted(missing)} to build_world()"
    values = {name: world["url_values"][name] for name in rule.arguments}
    query = QUERY.get(rule.endpoint, lambda _world: {})(world)
    with current_app.test_request_context():
        return url_for(rule.endpoint, **values, **query)


def request_as(app, role: str, world: dict, method: str, url: str):
    client = app.test_client()
    if role != "anonymous":
        user = world["users"][role]
        login = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert login.status_code == 302, f"{role} could not log in"
    return client.open(url, method=method, data={} if method == "POST" else None)


def to_login(response) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code == 302 and urlsplit(location).path == "/login"


def matches(expected, method: str, response) -> bool:
    status = response.status_code
    if expected == LOGIN:
        return to_login(response)
    if expected == OK:
        refused_form = method == "POST" and status in (400, 409, 422)
        return refused_form or status == 200 or (300 <= status < 400 and not to_login(response))
    return status == expected


def describe(response) -> str:
    location = response.headers.get("Location")
    return f"{response.status_code}" + (f" → {location}" if location else "")


def test_every_route_has_a_row_and_every_row_a_route(app):
    routes = set(rules_by_key(app))
    missing = sorted(routes - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routes)
    assert not missing, f"routes without a row in MATRIX (add one from the access rules): {missing}"
    assert not stale, f"rows in MATRIX for routes that no longer exist: {stale}"


def test_a_role_refused_a_url_with_an_id_gets_404_and_without_one_403(app):
    """PRODUCT.md: a guessed id never shows that the record exists, so a logged-in person
    refused a URL naming a record by id gets 404, never 403; 403 stays for pages without one."""
    wrong = []
    for key, rule in sorted(rules_by_key(app).items()):
        has_id = bool(rule.arguments & ID_ARGUMENTS)
        refusals = set(MATRIX.get(key, ())) & {403, 404}
        if has_id and 403 in refusals:
            wrong.append(f"{key}: has an id in its URL, so a refused role gets 404, not 403")
        if not has_id and 404 in refusals:
            wrong.append(f"{key}: no id in its URL, so a refused role gets 403, not 404")
    assert not wrong, "\n".join(wrong)


def test_every_row_names_every_role():
    assert {key: len(row) for key, row in MATRIX.items() if len(row) != len(ROLES)} == {}


BLUEPRINTS = sorted({endpoint.split(".")[0] for endpoint, _method in MATRIX})


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_access(app, blueprint):
    """Every row of one blueprint, every role: all mismatches reported together."""
    rules = rules_by_key(app)
    mismatches = []
    world, changed = build_world(), False
    for endpoint, method in sorted(key for key in MATRIX if key[0].split(".")[0] == blueprint):
        rule = rules.get((endpoint, method))
        if rule is None:
            mismatches.append(f"{method} {endpoint}: in MATRIX but not in the url_map")
            continue
        for role, expected in zip(ROLES, MATRIX[(endpoint, method)], strict=True):
            if changed:
                world = fresh_world()
            url = url_of(rule, world)
            response = request_as(app, role, world, method, url)
            if not matches(expected, method, response):
                mismatches.append(
                    f"{method} {url} ({endpoint}) as {role}: expected {expected}, "
                    f"got {describe(response)}"
                )
            # A POST that went through may have changed what the next role finds.
            changed = method != "GET" and response.status_code < 400 and not to_login(response)
    assert not mismatches, "\n".join(mismatches)


def tomorrow() -> str:
    return (local_today("Asia/Kolkata") + timedelta(days=1)).isoformat()


# Lists and pages of one's own: what shows on them for some roles must not show for others.
#  (url, text, roles that see it, roles that must not)
LISTED = [
    ("/therapist/", "Rohan Kulkarni", ("therapist_a", "admin"), ("therapist_other",)),
    ("/therapist/patients", "Rohan Kulkarni", ("therapist_a", "admin"), ("therapist_other",)),
    ("/therapist/patients?q=rohan", "Rohan Kulkarni", ("therapist_a",), ("therapist_other",)),
    ("/desk/patients?q=rohan", "Rohan Kulkarni", ("desk_a", "admin"), ("desk_other",)),
    ("/schedule?day={tomorrow}", "Rohan Kulkarni", ("therapist_a", "desk_a"),
     ("therapist_other", "desk_other")),
    ("/desk/", "Lakshmi Iyer", ("desk_a", "admin"), ("desk_other",)),
    ("/desk/home-visits", "Savitri Rao", ("desk_a", "admin"), ("desk_other",)),
    ("/rota/", "Arjun Hegde", ("desk_a", "admin"), ("desk_other",)),
    ("/progress/psfs", "Sitting through a meeting", ("patient_a",), ("patient_b",)),
    ("/program/print", "Shenshu", ("patient_a",), ("patient_b",)),
    ("/today", "Shenshu", ("patient_a",), ("patient_b",)),
    ("/account/export", "Low back pain", ("patient_a",), ("patient_b",)),
    ("/account/export", "Stopped the bridge", ("patient_a",), ("patient_b",)),
    ("/account/export.json", "Sitting through a meeting", ("patient_a",), ("patient_b",)),
    ("/appointments", "Savitri Rao", (), ("patient_b",)),
]  # fmt: skip


def test_lists_show_only_what_each_role_may_see(app):
    world = build_world()
    wrong = []
    for url, text, seen_by, hidden_from in LISTED:
        url = url.format(tomorrow=tomorrow())
        for role in (*seen_by, *hidden_from):
            response = request_as(app, role, world, "GET", url)
            shown = response.status_code == 200 and text in response.get_data(as_text=True)
            if shown != (role in seen_by):
                wrong.append(
                    f"GET {url} as {role}: {'shows' if shown else 'does not show'} {text!r}"
                )
    assert not wrong, "\n".join(wrong)


ID_ARGUMENTS = {
    "appointment_id", "item_id", "patient_id", "plan_id", "flag_id", "callback_id", "request_id",
    "therapist_id", "hours_id", "time_off_id", "technique_id", "service_id", "entry_id",
    "centre_id", "user_id", "email_id", "note_id",
}  # fmt: skip


def test_ids_nobody_has_are_not_found(app):
    """Ids past what the database column holds (2**31 on PostgreSQL, 2**63 on SQLite) are
    guesses like any other: 404 for someone who may use the route, never a server error."""
    world = build_world()
    wrong = []
    for (endpoint, method), rule in sorted(rules_by_key(app).items()):
        if (endpoint, method) not in MATRIX:
            continue  # reported by test_every_route_has_a_row_and_every_row_a_route
        row = dict(zip(ROLES, MATRIX[(endpoint, method)], strict=True))
        role = next(role for role, expected in row.items() if expected in (200, OK))
        for name in sorted(rule.arguments & ID_ARGUMENTS):
            for guess in (2**31, 2**63):
                url = url_of(rule, {**world, "url_values": {**world["url_values"], name: guess}})
                try:
                    status = request_as(app, role, world, method, url).status_code
                except Exception as error:  # noqa: BLE001  (a 500 in production)
                    db.session.rollback()
                    status = f"500 ({type(error).__name__}: {str(error).splitlines()[0][:70]})"
                if status != 404:
                    wrong.append(f"{method} {url} as {role}: expected 404, got {status}")
    assert not wrong, "\n".join(wrong)


def test_a_therapist_sees_a_patient_they_have_an_appointment_with(app):
    """The rule: a therapist sees patients they have a plan *or appointment* with. A therapist
    of another Bengaluru centre covers a session at Indiranagar; their schedule links to the
    patient's record, which must open."""
    world = build_world()
    make = Factories()
    patient_a = world["users"]["patient_a"]
    indiranagar = world["users"]["therapist_a"].therapist_profile.centre
    koramangala = make.centre(make.city("Bengaluru"), "Koramangala", slug="blr-koramangala")
    cover = make.therapist(koramangala, name="Dr. Kavya Rao")
    service = db.session.scalar(select(Service).where(Service.slug == "follow-up"))
    make.appointment(patient_a, cover, indiranagar, service, tomorrow_at(16))
    world["users"]["cover"] = cover
    response = request_as(app, "cover", world, "GET", f"/therapist/patients/{patient_a.id}")
    assert response.status_code == 200


# Staff pages that show patient A's data (a record, or a list with patient A on it), and a
# text that is on the page only when patient A's data is: each must leave an audit event of
# patient A exactly when it shows it (portal/accounts/scope.py: the gate records the read).
PATIENT_PAGES = [
    ("therapist.patient", {}, "Rohan Kulkarni"),
    ("therapist.new_plan", {}, "Rohan Kulkarni"),
    ("therapist.plan", {}, "Rohan Kulkarni"),
    ("therapist.print_plan", {}, "Rohan Kulkarni"),
    ("therapist.program", {}, "Rohan Kulkarni"),
    ("therapist.book_course", {}, "Rohan Kulkarni"),
    ("desk.book_course", {}, "Rohan Kulkarni"),
    ("therapist.dashboard", {}, "Rohan Kulkarni"),
    ("therapist.patients", {}, "Rohan Kulkarni"),
    ("therapist.patients", {"q": "rohan"}, "Rohan Kulkarni"),
    ("desk.patients", {"q": "rohan"}, "Rohan Kulkarni"),
    ("desk.appointment", {}, "Rohan Kulkarni"),
    ("desk.home_visit", {}, "Savitri Rao"),
    ("desk.home_visits", {}, "Savitri Rao"),
    ("booking.staff_schedule", {"day": "tomorrow"}, "Rohan Kulkarni"),
    ("notes.show", {}, "Mechanical low back pain"),
]
# Every role that is not anonymous: admin, the desk of the same and of another city, the
# treating therapist and one of another city, patient A and another patient.
PEOPLE = ROLES[1:]


def _events_of_patient_a(world: dict, role: str) -> int:
    query = select(func.count()).select_from(AuditEvent).where(
        AuditEvent.patient_id == world["users"]["patient_a"].id,
        AuditEvent.actor_id == world["users"][role].id,
    )  # fmt: skip
    return db.session.scalar(query)


def test_a_staff_page_audits_patient_data_exactly_when_it_shows_it(app):
    world = build_world()
    rules = rules_by_key(app)
    clients = {role: app.test_client() for role in PEOPLE}
    for role, client in clients.items():
        user = world["users"][role]
        login = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert login.status_code == 302, f"{role} could not log in"
    wrong, shown_to = [], {}
    for endpoint, query, text_shown in PATIENT_PAGES:
        query = {
            name: tomorrow() if value == "tomorrow" else value for name, value in query.items()
        }
        values = {name: world["url_values"][name] for name in rules[(endpoint, "GET")].arguments}
        with current_app.test_request_context():
            url = url_for(endpoint, **values, **query)
        for role, client in clients.items():
            before = _events_of_patient_a(world, role)
            response = client.get(url)
            shown = response.status_code == 200 and text_shown in response.get_data(as_text=True)
            audited = _events_of_patient_a(world, role) > before
            if shown:
                shown_to.setdefault(url, []).append(role)
            if shown != audited:
                wrong.append(f"GET {url} as {role} ({response.status_code}): "
                             f"{'shown' if shown else 'not shown'} but "
                             f"{'audited' if audited else 'not audited'}")  # fmt: skip
    assert not wrong, "\n".join(wrong)
    # Each page is shown to someone (so the check above is not vacuous) and never to patients.
    assert len(shown_to) == len(PATIENT_PAGES)
    assert not [url for url, roles in shown_to.items() if {"patient_a", "patient_b"} & set(roles)]
