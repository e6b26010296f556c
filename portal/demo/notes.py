"""Demo treatment notes: Rohan's first two sessions with Dr. Hegde, signed, one with an
addendum and a summary shared with him (he reads it under the session on /appointments)."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.booking.models import Appointment, AppointmentStatus, Service
from portal.extensions import db
from portal.localtime import centre_zone
from portal.notes.models import NoteAddendum, TreatmentNote

FIRST_SESSION = {
    "days": -8, "service": "new-consultation",
    "subjective": "Low back pain for 5 weeks after lifting his daughter's cot; sitting at work "
                  "over 30 min brings it on. Tingling down the left calf some mornings. Sleeps "
                  "through the night.",
    "pain_now": 5, "pain_worst": 7,
    "objective": "Flattened lumbar lordosis, lateral shift to the right in standing. "
                 "Tender over left L5/S1 paraspinals.",
    "findings": {
        "rom_flexion_grade": "half", "rom_flexion_degrees": 35,
        "rom_extension_grade": "quarter", "rom_extension_degrees": 10,
        "rom_side_flexion_left_grade": "half", "rom_side_flexion_right_grade": "three_quarters",
        "slr_left_angle": 50, "slr_left_result": "positive",
        "slr_right_angle": 80, "slr_right_result": "negative",
        **{f"neuro_{test}_{level}_{side}": "normal" for test in ("myotome", "dermatome", "reflex")
           for level in ("L4", "L5", "S1") for side in ("left", "right")},
        "neuro_dermatome_S1_left": "reduced",
        **{f"red_flag_{key}": "no" for key in ("saddle", "bladder_bowel", "leg_weakness",
                                                "fever", "injury", "cancer", "night_pain")},
    },
    "assessment": "Mechanical low back pain with left S1 referral, directional preference for "
                  "extension likely. No red flags.",
    "plan": "Shift correction and extension in lying, 10 reps every 2 h. Home program: BL23, "
            "GV4, bridge. Review in 4 days.",
    "summary": "Your back pain comes from the joints and discs low in your back, and it is "
               "already responding to movement. Do the lying back-bends every two hours and "
               "your home program each day.",
    "addendum": "Phoned the next morning: calf tingling gone after the extensions. Continue.",
}  # fmt: skip
SECOND_SESSION = {
    "days": -4, "service": "follow-up",
    "subjective": "Much better; sat through a 2-hour meeting. No calf tingling for 3 days.",
    "pain_now": 2, "pain_worst": 4,
    "objective": "Shift corrected.",
    "findings": {
        "rom_flexion_grade": "three_quarters", "rom_flexion_degrees": 50,
        "rom_extension_grade": "three_quarters", "rom_extension_degrees": 20,
        "slr_left_angle": 70, "slr_left_result": "negative",
        "neuro_dermatome_S1_left": "normal",
    },
    "assessment": "Centralised; improving as expected.",
    "plan": "Progress to prone press-ups, add bird dog. Review in a week.",
    "summary": None,
    "addendum": None,
}  # fmt: skip


def ensure_demo_notes(today: date) -> None:
    """Once: the sessions (completed) and their signed notes, on days before `today`."""
    if db.session.scalar(select(TreatmentNote.id).limit(1)) is not None:
        return
    patient = _user("patient@demo.test")
    therapist = _user("therapist.blr@demo.test")
    for session in (FIRST_SESSION, SECOND_SESSION):
        appointment = _session(patient, therapist, today, session)
        signed = appointment.ends_at + timedelta(minutes=20)
        note = TreatmentNote(
            appointment_id=appointment.id, patient_id=patient.id, author_id=therapist.id,
            subjective=session["subjective"], objective=session["objective"],
            assessment=session["assessment"], plan=session["plan"],
            pain_now=session["pain_now"], pain_worst=session["pain_worst"],
            findings=session["findings"], summary=session["summary"],
            share_summary=session["summary"] is not None, signed_at=signed,
        )  # fmt: skip
        db.session.add(note)
        db.session.flush()
        if session["addendum"]:
            db.session.add(NoteAddendum(note_id=note.id, author_id=therapist.id,
                                        body=session["addendum"],
                                        signed_at=signed + timedelta(hours=18)))  # fmt: skip
    db.session.commit()


def _session(patient: User, therapist: User, today: date, session: dict) -> Appointment:
    centre = therapist.as_therapist().centre
    service = db.session.execute(
        select(Service).where(Service.slug == session["service"])
    ).scalar_one()
    starts = datetime.combine(
        today + timedelta(days=session["days"]), time(10), centre_zone(centre)
    )
    appointment = Appointment(
        patient_id=patient.id, therapist_id=therapist.id, centre_id=centre.id,
        service_id=service.id, starts_at=starts.astimezone(UTC),
        ends_at=(starts + service.duration).astimezone(UTC),
        status=AppointmentStatus.COMPLETED,
    )  # fmt: skip
    db.session.add(appointment)
    db.session.flush()
    return appointment


def _user(email: str) -> User:
    return db.session.execute(select(User).where(User.email == email)).scalar_one()
