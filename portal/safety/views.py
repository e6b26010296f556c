from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.roles import Role, roles_required
from portal.extensions import db
from portal.safety.forms import ScreeningForm, SymptomsForm
from portal.safety.models import SafetyScreening
from portal.safety.rules import Pregnancy, RedFlag, urgent_care_needed
from portal.safety.services import report_red_flags, save_screening

blueprint = Blueprint("safety", __name__, url_prefix="/safety")


@blueprint.route("/screening", methods=["GET", "POST"])
@roles_required(Role.PATIENT)
def screening():
    current = db.session.get(SafetyScreening, current_user.id)
    form = ScreeningForm()
    if form.validate_on_submit():
        save_screening(
            current_user,
            Pregnancy(form.pregnancy.data),
            form.high_blood_pressure.data == "yes",
            form.skin_problems.data == "yes",
        )
        return redirect(url_for("safety.screening_saved"))
    if current is not None and not form.is_submitted():
        form.pregnancy.data = current.pregnancy.value
        form.high_blood_pressure.data = "yes" if current.high_blood_pressure else "no"
        form.skin_problems.data = "yes" if current.skin_problems else "no"
    status = 422 if form.errors else 200
    return render_template("safety/screening.html", form=form, current=current), status


@blueprint.get("/screening/saved")
@roles_required(Role.PATIENT)
def screening_saved():
    current = db.session.get(SafetyScreening, current_user.id)
    return render_template("safety/screening_saved.html", current=current)


@blueprint.route("/symptoms", methods=["GET", "POST"])
@roles_required(Role.PATIENT)
def symptoms():
    form = SymptomsForm()
    if form.validate_on_submit():
        reported = {flag for flag in RedFlag if form[flag.value].data}
        if urgent_care_needed(reported):
            report_red_flags(current_user, reported)
            return redirect(url_for("safety.urgent"))
        return redirect(url_for("safety.no_red_flags"))
    return render_template("safety/symptoms.html", form=form, flags=list(RedFlag))


@blueprint.get("/urgent")
@roles_required(Role.PATIENT)
def urgent():
    return render_template("safety/urgent.html")


@blueprint.get("/symptoms/none")
@roles_required(Role.PATIENT)
def no_red_flags():
    return render_template("safety/no_red_flags.html")
