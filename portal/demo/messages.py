"""The demo's messages: Rohan and Dr. Hegde about tenderness after GB30 (the therapist's reply
waits unread for Rohan), and Anita's new question waiting for Dr. Hegde. Times are relative to
`today`, so every run of seed-demo writes the same thread."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.messages.models import Message
from portal.programs.models import TreatmentPlan

KOLKATA = ZoneInfo("Asia/Kolkata")
THERAPIST = "therapist.blr@demo.test"
# (patient, who writes, days ago, local time, read, body)
DEMO_MESSAGES = [
    ("patient@demo.test", "patient", 2, time(19, 40), True,
     "Dr. Hegde, the point behind my right hip (GB30) feels tender the morning after I press "
     "it. Should I press more lightly, or skip it for a day?"),
    ("patient@demo.test", "therapist", 1, time(10, 15), True,
     "Thank you for telling me, Rohan. Some tenderness the next day is common: press more "
     "gently, for 60 seconds instead of 90, and keep the rest of the program as it is. If it "
     "turns into a sharp pain, use the \"Sharp pain — stop\" button and call the centre."),
    ("patient@demo.test", "patient", 1, time(20, 5), True,
     "Lighter pressure was much better today. Thank you!"),
    ("patient@demo.test", "therapist", 0, time(9, 30), False,
     "Good to hear. Bring your practice notes to Thursday's session and we'll review GB30."),
    ("anita.desai@demo.test", "patient", 0, time(8, 10), False,
     "The pain down my left leg was worse after sitting in traffic yesterday. Should I still "
     "do the knee-to-chest stretch tonight?"),
]  # fmt: skip


def ensure_demo_messages(today: date) -> None:
    for patient_email in dict.fromkeys(row[0] for row in DEMO_MESSAGES):
        plan = _first_plan(patient_email)
        if db.session.scalar(select(Message.id).where(Message.plan_id == plan.id).limit(1)):
            continue
        for email, writer, days_ago, at, read, body in DEMO_MESSAGES:
            if email != patient_email:
                continue
            sent = datetime.combine(today - timedelta(days=days_ago), at, KOLKATA).astimezone(UTC)
            sender = plan.patient_id if writer == "patient" else plan.therapist_id
            db.session.add(
                Message(plan_id=plan.id, patient_id=plan.patient_id, sender_id=sender, body=body,
                        sent_at=sent, read_at=sent + timedelta(hours=1) if read else None)
            )  # fmt: skip
    db.session.commit()


def _first_plan(patient_email: str) -> TreatmentPlan:
    return db.session.execute(
        select(TreatmentPlan)
        .join(User, User.id == TreatmentPlan.patient_id)
        .where(User.email == patient_email)
        .order_by(TreatmentPlan.id)
        .limit(1)
    ).scalar_one()
