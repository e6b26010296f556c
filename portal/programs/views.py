from flask import Blueprint, render_template

from portal.accounts.roles import Role, roles_required

blueprint = Blueprint("programs", __name__)


@blueprint.get("/today")
@roles_required(Role.PATIENT)
def today():
    # Home programs arrive with the programs feature; until a therapist assigns one, this is
    # what a patient sees.
    return render_template("programs/today.html")
