from flask import Blueprint, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.centres.models import City
from portal.centres.services import cities_by_name
from portal.contact.forms import callback_form
from portal.contact.models import PreferredTime
from portal.contact.services import record_callback
from portal.extensions import db, limiter
from portal.phone import display_phone

blueprint = Blueprint("contact", __name__)

_THANKS_KEY = "callback_thanks"


@blueprint.route("/contact", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def request_callback():
    form = callback_form(cities_by_name(), current_user)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("contact/request.html", form=form), status
    if not form.filled_by_bot:
        city = db.session.execute(select(City).where(City.slug == form.city.data)).scalar_one()
        callback = record_callback(
            name=form.name.data,
            phone_e164=form.phone.e164,
            city=city,
            preferred_time=PreferredTime(form.preferred_time.data),
            message=form.message.data,
            requested_by=current_user if current_user.is_authenticated else None,
        )
        session[_THANKS_KEY] = {
            "phone": display_phone(callback.phone),
            "when": callback.preferred_time.value,  # its label is shown in the page's language
            "city": city.name,
        }
    return redirect(url_for("contact.thanks"))


@blueprint.get("/contact/thanks")
def thanks():
    summary = session.pop(_THANKS_KEY, None)
    if summary and summary["when"] in set(PreferredTime):
        summary["when"] = PreferredTime(summary["when"]).label
    return render_template("contact/thanks.html", summary=summary)
