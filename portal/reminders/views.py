"""The patient's reminder setting, and the unsubscribe link every reminder carries (it works
without signing in: the signed token is the proof)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user

from portal.accounts.models import User
from portal.accounts.roles import Role, roles_required
from portal.db_types import utcnow
from portal.extensions import csrf, db
from portal.languages import current_language
from portal.languages import gettext as _
from portal.localtime import clock, local_today, to_local
from portal.reminders.forms import ReminderForm
from portal.reminders.models import PracticeReminderSetting
from portal.reminders.rules import next_reminder_day
from portal.reminders.services import (
    choose_reminder_time,
    patient_time_name,
    patient_zone,
    setting_of,
    turn_off,
)
from portal.reminders.tokens import ExpiredLink, patient_id_for_token

blueprint = Blueprint("reminders", __name__)


@blueprint.route("/account/reminder", methods=["GET", "POST"])
@roles_required(Role.PATIENT)
def settings():
    form = ReminderForm()
    if form.validate_on_submit():
        saved = choose_reminder_time(current_user, form.chosen_time())
        flash(_saved_message(saved), "success")
        return redirect(url_for("reminders.settings"))
    setting = setting_of(current_user.id)
    if not form.is_submitted() and setting is not None and setting.remind_at is not None:
        form.remind_at.data = f"{setting.remind_at:%H:%M}"
    time_name = patient_time_name(current_user)
    form.remind_at.description = _("%(zone)s. Choose “No reminder” to stop them.", zone=time_name)
    return render_template(
        "reminders/settings.html",
        form=form,
        current=_current_choice(setting),
        time_name=time_name,
    ), 422 if form.errors else 200


def _current_choice(setting: PracticeReminderSetting | None) -> dict[str, str] | None:
    """The time chosen ('7:30 am') and when the next reminder may go ('tomorrow at 7:30 am')."""
    if setting is None or setting.remind_at is None:
        return None
    zone = patient_zone(current_user)
    now = utcnow()
    at = clock(setting.remind_at, language=current_language())
    next_day = next_reminder_day(setting.remind_at, setting.settled_until, zone, now)
    if next_day != local_today(zone, now):
        when = _("tomorrow at %(time)s", time=at)
    elif to_local(now, zone).time() < setting.remind_at:
        when = _("today at %(time)s", time=at)
    else:  # today's time has passed: the worker's next round
        when = _("within the next few minutes")
    return {"at": at, "next": when}


def _saved_message(setting: PracticeReminderSetting) -> str:
    if setting.remind_at is None:
        return _("Reminders are off: we will not email you about your practice.")
    return _(
        "Saved: a reminder at %(time)s on days with practice left to do.",
        time=clock(setting.remind_at, language=current_language()),
    )


@blueprint.route("/reminders/off/<unsubscribe_token>", methods=["GET", "POST"])
@csrf.exempt  # a mail app's one-click POST (RFC 8058) has no form token: the link is the proof
def unsubscribe(unsubscribe_token: str):
    try:
        patient_id = patient_id_for_token(unsubscribe_token)
    except ExpiredLink:
        return render_template("reminders/link_problem.html", expired=True), 410
    setting = setting_of(patient_id) if patient_id is not None else None
    if patient_id is None or setting is None:
        return render_template("reminders/link_problem.html", expired=False), 404
    # The link came in the patient's email: the page answers in the language of their account.
    with force_locale(db.session.get_one(User, patient_id).language or current_language()):
        if request.method == "GET":  # a link scanner's visit must not unsubscribe anyone
            return render_template(
                "reminders/unsubscribe.html", already_off=setting.remind_at is None
            )
        return render_template("reminders/unsubscribed.html", changed=turn_off(patient_id))
