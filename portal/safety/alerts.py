"""Red flags reach a person at once: the treating therapist, else the desk of the patient's city.

The emails go into the outbox in the flag's own transaction, so a mail server that is down
delays them but never loses them; the view then delivers them straight away.
"""

import logging

from flask import current_app, url_for
from sqlalchemy import select

from portal.accounts.email_language import writing_in
from portal.accounts.models import DeskProfile, RoleGrant, User
from portal.accounts.roles import Role
from portal.centres.models import City
from portal.extensions import db
from portal.languages import DEFAULT_LANGUAGE
from portal.localtime import day_and_clock
from portal.notifications.models import OutgoingEmail
from portal.notifications.services import queue_plain_email
from portal.safety.care_team import treating_therapists
from portal.safety.models import SafetyFlag
from portal.safety.presenters import flag_what

log = logging.getLogger(__name__)


def city_desk(city: City | None) -> list[User]:
    if city is None:
        return []
    return list(
        db.session.scalars(
            select(User)
            .join(DeskProfile, DeskProfile.user_id == User.id)
            .join(RoleGrant, (RoleGrant.user_id == User.id) & (RoleGrant.role == Role.DESK))
            .where(DeskProfile.city_id == city.id, User.active.is_(True))
            .order_by(User.id)
        )
    )


def care_city(patient: User) -> City | None:
    """The city of the patient's own centre."""
    profile = patient.patient_profile
    if profile is None or profile.primary_centre is None:
        return None
    return profile.primary_centre.city


def queue_red_flag_alerts(flag: SafetyFlag, patient: User) -> list[OutgoingEmail]:
    """One email per person who must act, added to the current transaction; in English
    (staff read English), whatever the language of the patient's page that raised it."""
    with writing_in(DEFAULT_LANGUAGE):
        return _queue_alerts(flag, patient)


def _queue_alerts(flag: SafetyFlag, patient: User) -> list[OutgoingEmail]:
    city = care_city(patient)
    timezone = city.timezone if city else current_app.config["DEFAULT_TIMEZONE"]
    when = day_and_clock(flag.raised_at, timezone) + (f" ({city.name} time)" if city else "")
    therapists = treating_therapists(patient)
    if therapists:
        link = url_for("therapist.patient", patient_id=patient.id, _external=True)
        emails = [_alert(person, patient, flag, when, link, desk=False) for person in therapists]
    else:
        link = url_for("desk.patients", _external=True)
        desk = city_desk(city)
        emails = [_alert(person, patient, flag, when, link, desk=True) for person in desk]
    if not emails:
        log.warning("red flag %s of patient %s: nobody to email", flag.id, patient.id)
    return emails


def _alert(
    staff: User, patient: User, flag: SafetyFlag, when: str, link: str, *, desk: bool
) -> OutgoingEmail:
    action = (
        "No therapist is treating them at the moment: please call them now and arrange care. "
        f"Find them among the patients at {link}"
        if desk
        else f"Please contact them now. Their record: {link}"
    )
    body = (
        f"Dear {staff.name},\n\n"
        f"{patient.name} reported a red flag on {when}: {flag_what(flag)}.\n"
        "The portal told them to get urgent medical care now.\n\n"
        f"{action}\n\nSthira Physio"
    )
    return queue_plain_email(
        kind="red_flag",
        to_email=staff.email,
        subject=f"Urgent: red flag reported by {patient.name}",
        body=body,
        urgent=True,
    )
