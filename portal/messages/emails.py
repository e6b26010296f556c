"""The email saying a message is waiting: who it goes to and what it says. Never the message
itself (an inbox is not a private place, and the thread's wording is clinical): only that
there is one, and the link to it. Queued in the outbox (portal/notifications) for the worker."""

from flask import current_app, url_for

from portal.accounts.models import User
from portal.accounts.services import has_real_email
from portal.messages.rules import Side
from portal.notifications.models import OutgoingEmail
from portal.notifications.services import queue_plain_email
from portal.programs.models import TreatmentPlan

KIND = "message_waiting"
EMERGENCY_ADVICE = (
    "Messages are not for emergencies and may not be read the same day. If you have severe "
    "pain, numbness in the groin or buttocks, new bladder or bowel trouble, or weakness in "
    "the legs, go to an emergency department or call 112 now."
)


def queue_message_waiting(
    plan: TreatmentPlan, sender: Side, care_team_writers: list[User]
) -> list[OutgoingEmail]:
    """Email the other side: the patient, or the plan's therapist and every other therapist
    who has written in the thread. Placeholder addresses and closed accounts get nothing."""
    if sender is Side.CARE_TEAM:
        link = url_for("messages.patient_thread", plan_id=plan.id, _external=True)
        return [_email(person, _to_patient(person, link)) for person in _reachable([plan.patient])]
    link = url_for("messages.staff_thread", plan_id=plan.id, _external=True)
    team = _reachable([plan.therapist, *care_team_writers])
    return [_email(person, _to_therapist(person, plan.patient, link)) for person in team]


def _reachable(people: list[User]) -> list[User]:
    return [person for person in people if person.active and has_real_email(person)]


def _email(person: User, body: str) -> OutgoingEmail:
    clinic = current_app.config["CLINIC_NAME"]
    return queue_plain_email(
        kind=KIND,
        to_email=person.email,
        subject=f"A new message is waiting for you in the {clinic} portal",
        body=body,
    )


def _to_patient(patient: User, link: str) -> str:
    clinic = current_app.config["CLINIC_NAME"]
    return (
        f"Dear {patient.name},\n\n"
        f"Your physiotherapy team at {clinic} has sent you a message about your treatment "
        "plan. To keep it private we do not put it in an email: sign in to read it and reply.\n\n"
        f"{link}\n\n{EMERGENCY_ADVICE}\n\n{clinic}"
    )


def _to_therapist(therapist: User, patient: User, link: str) -> str:
    clinic = current_app.config["CLINIC_NAME"]
    return (
        f"Dear {therapist.name},\n\n"
        f"{patient.name} has sent a message about their treatment plan. Sign in to read it "
        f"and reply:\n\n{link}\n\n{clinic}"
    )
