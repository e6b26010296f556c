"""The email saying a message is waiting: who it goes to and what it says. Never the message
itself (an inbox is not a private place, and the thread's wording is clinical): only that
there is one, and the link to it. Queued in the outbox (portal/notifications) for the worker."""

from flask import current_app, url_for

from portal.accounts.email_language import writing_to
from portal.accounts.models import User
from portal.accounts.services import has_real_email
from portal.languages import gettext as _
from portal.languages import lazy_gettext as _l
from portal.messages.rules import Side
from portal.notifications.models import OutgoingEmail
from portal.notifications.services import queue_plain_email
from portal.programs.models import TreatmentPlan

KIND = "message_waiting"
EMERGENCY_ADVICE = _l(
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
        return [_to_patient(person, link) for person in _reachable([plan.patient])]
    link = url_for("messages.staff_thread", plan_id=plan.id, _external=True)
    team = _reachable([plan.therapist, *care_team_writers])
    emails = []
    for person in team:
        with writing_to(person):  # staff: English, whatever the patient's page was in
            emails.append(_email(person, _to_therapist(person, plan.patient, link)))
    return emails


def _reachable(people: list[User]) -> list[User]:
    return [person for person in people if person.active and has_real_email(person)]


def _email(person: User, body: str) -> OutgoingEmail:
    clinic = current_app.config["CLINIC_NAME"]
    return queue_plain_email(
        kind=KIND,
        to_email=person.email,
        subject=_("A new message is waiting for you in the %(clinic)s portal", clinic=clinic),
        body=body,
    )


def _to_patient(patient: User, link: str) -> OutgoingEmail:
    """In the patient's language, whichever therapist wrote."""
    clinic = current_app.config["CLINIC_NAME"]
    with writing_to(patient):
        body = "\n\n".join(
            [
                _("Dear %(name)s,", name=patient.name),
                _(
                    "Your physiotherapy team at %(clinic)s has sent you a message about your "
                    "treatment plan. To keep it private we do not put it in an email: sign in to "
                    "read it and reply.",
                    clinic=clinic,
                ),
                link,
                str(EMERGENCY_ADVICE),
                clinic,
            ]
        )
        return _email(patient, body)


def _to_therapist(therapist: User, patient: User, link: str) -> str:
    clinic = current_app.config["CLINIC_NAME"]
    return (
        f"Dear {therapist.name},\n\n"
        f"{patient.name} has sent a message about their treatment plan. Sign in to read it "
        f"and reply:\n\n{link}\n\n{clinic}"
    )
