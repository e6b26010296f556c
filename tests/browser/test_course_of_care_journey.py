"""The course of care end to end (issue 13): the therapist books a six-session course for the
demo patient from the plan; the first session's day comes and the therapist writes and signs
its treatment note; the patient answers the Oswestry questionnaire and writes to the
therapist, who replies."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from portal.accounts.models import User
from portal.booking.models import Appointment, AppointmentSeries
from portal.extensions import db
from portal.localtime import local_today
from portal.notes.models import TreatmentNote
from portal.outcomes.models import OdiResponse
from portal.outcomes.odi import SECTIONS
from portal.programs.models import TreatmentPlan
from tests.browser.conftest import log_in, log_out, see_what_the_server_wrote
from tests.browser.conftest import serious_accessibility_violations as _axe

KOLKATA = ZoneInfo("Asia/Kolkata")
QUESTION = "After the first session my back feels looser. Can I add a second walk in the evening?"
REPLY = "Yes: keep it easy, 15 minutes on level ground, and log your pain after it."


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _nav_link(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile(rf"^{name}")
    )


def _a_monday_weeks_ahead():
    """Five weeks on: clear of the demo's own appointments and course."""
    today = local_today("Asia/Kolkata")
    return today + timedelta(days=35 + (7 - today.weekday()) % 7)


def _the_first_session_has_just_happened(series: AppointmentSeries) -> Appointment:
    """The day of the first session comes: it is moved to an hour in the past (whole quarter
    hours, at a time the therapist has nothing else), the rest of the course stays ahead."""
    first = min(series.appointments, key=lambda appointment: appointment.starts_at)
    length = first.ends_at - first.starts_at
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    start = now - timedelta(minutes=now.minute % 15) - timedelta(hours=1)
    for _ in range(96):
        taken = db.session.scalar(
            select(Appointment.id).where(
                Appointment.therapist_id == first.therapist_id,
                Appointment.id != first.id,
                Appointment.starts_at < start + length,
                Appointment.ends_at > start,
            )
        )
        if taken is None:
            break
        start -= timedelta(minutes=15)
    first.starts_at, first.ends_at = start, start + length
    db.session.commit()
    return first


def test_a_course_of_care_from_booking_to_notes_outcomes_and_messages(page, seeded, screenshot):
    patient = _user("patient@demo.test")
    plan = db.session.scalars(
        select(TreatmentPlan).where(TreatmentPlan.patient_id == patient.id)
    ).one()
    monday = _a_monday_weeks_ahead()

    # 1. The therapist books six sessions, Mondays and Thursdays at 10:00, from the plan.
    log_in(page, "therapist.blr@demo.test")
    page.goto(f"/therapist/plans/{plan.id}")
    page.get_by_role("link", name="Book the course").click()
    page.get_by_label("Sessions", exact=True).fill("6")
    page.get_by_label("From").fill(monday.isoformat())
    page.get_by_label("Preferred time").fill("10:00")
    page.get_by_role("button", name="Propose times").click()
    page.get_by_role("button", name="Book all 6 sessions").click()
    expect(
        page.get_by_text(re.compile(r"Booked 6 sessions with .*has been emailed"))
    ).to_be_visible()
    expect(page.locator(".course-booked li")).to_have_count(6)
    log_out(page)

    see_what_the_server_wrote()
    series = db.session.scalars(
        select(AppointmentSeries).where(
            AppointmentSeries.patient_id == patient.id, AppointmentSeries.plan_id == plan.id
        )
    ).one()
    assert len(series.appointments) == 6
    starts = sorted(a.starts_at.astimezone(KOLKATA) for a in series.appointments)
    assert {start.weekday() for start in starts} <= {0, 3} and starts[0].date() == monday

    # 2. The first session has happened: its note is written from the patient's record, signed.
    first = _the_first_session_has_just_happened(series)
    log_in(page, "therapist.blr@demo.test")
    page.goto("/therapist/patients")
    page.get_by_role("link", name=re.compile(r"^Rohan Kulkarni")).first.click()
    notes = page.get_by_role("region", name="Treatment notes")
    notes.get_by_role("link", name=re.compile(r"^Write a note")).first.click()
    expect(page.get_by_role("heading", name="Treatment note")).to_be_visible()
    page.get_by_role("textbox", name="Subjective", exact=True).fill(
        "Aching low back after sitting, 5/10 at work, eases on walking."
    )
    page.get_by_label("Pain now (0–10)").select_option("4")
    page.get_by_label("Left straight-leg raise Angle (°)").fill("75")
    page.get_by_role("textbox", name="Assessment", exact=True).fill(
        "Non-specific low back pain; no neurological signs."
    )
    page.get_by_role("textbox", name="Plan", exact=True).fill(
        "Mobility and the bridge at home; review on Thursday."
    )
    page.get_by_role("button", name="Sign and lock").click()
    expect(page.get_by_text("Note signed.")).to_be_visible()
    assert _axe(page) == []
    screenshot("course-of-care-note-signed")
    log_out(page)
    see_what_the_server_wrote()
    note = db.session.scalars(
        select(TreatmentNote).where(TreatmentNote.appointment_id == first.id)
    ).one()
    assert note.signed_at is not None

    # 3. The patient answers the Oswestry questionnaire and writes to the therapist.
    log_in(page, "patient@demo.test")
    page.goto("/progress/odi")
    for section in SECTIONS:
        if section.key == "sex_life":
            continue  # may be skipped: scored out of the nine answered
        page.get_by_role("group", name=section.title).get_by_label(section.statements[1]).check()
    page.get_by_role("button", name="Save my answers").click()
    # 9 sections at 1 point: 9 of 45 = 20 %.
    expect(page.get_by_text("Saved: your score is 20 %.")).to_be_visible()
    expect(page.locator("#outcomes")).to_contain_text("Ostelo et al., Spine 2008")

    _nav_link(page, "Messages").click()
    page.get_by_role("link", name=re.compile("Dr. Arjun Hegde")).click()
    page.get_by_label("Your message").fill(QUESTION)
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Message sent.")).to_be_visible()
    log_out(page)

    # 4. The therapist sees it waiting and replies; the patient reads the reply.
    log_in(page, "therapist.blr@demo.test")
    _nav_link(page, "Messages").click()
    page.locator(".thread-row").filter(has_text="Rohan Kulkarni").get_by_role("link").click()
    expect(page.locator(".message-new")).to_contain_text(QUESTION)
    page.get_by_label("Your message").fill(REPLY)
    page.get_by_role("button", name="Send message").click()
    expect(page.locator(".message-mine").last).to_contain_text(REPLY)
    log_out(page)

    log_in(page, "patient@demo.test")
    expect(_nav_link(page, "Messages")).to_have_text(re.compile(r"^Messages\s*\d+ unread$"))
    _nav_link(page, "Messages").click()
    page.get_by_role("link", name=re.compile("Dr. Arjun Hegde")).click()
    expect(page.locator(".message-new")).to_contain_text(REPLY)
    screenshot("course-of-care-reply")

    see_what_the_server_wrote()
    odi = db.session.scalars(
        select(OdiResponse)
        .where(OdiResponse.patient_id == patient.id)
        .order_by(OdiResponse.id.desc())
    ).first()
    assert odi is not None and odi.score().rounded == 20
