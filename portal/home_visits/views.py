from datetime import timedelta

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.centres.models import City
from portal.centres.services import cities_by_name
from portal.contact.models import PreferredTime
from portal.extensions import db, limiter
from portal.home_visits.forms import HomeVisitForm
from portal.home_visits.models import HomeVisitRequest
from portal.home_visits.services import served_area, served_areas_text
from portal.languages import current_language
from portal.languages import gettext as _
from portal.localtime import city_zone, local_today
from portal.phone import display_phone

blueprint = Blueprint("home_visits", __name__)

_THANKS_KEY = "home_visit_thanks"
FURTHEST_DAY = timedelta(days=30)


@blueprint.route("/home-visit", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def request_visit():
    form = HomeVisitForm()
    cities = cities_by_name()
    form.set_cities(cities)
    patient = current_user if _is_patient() else None
    if patient and not form.is_submitted():
        form.name.data, form.email.data = patient.name, patient.email
        form.phone.data = display_phone(patient.phone)
    if not form.is_submitted() and request.args.get("city") in {c.slug for c in cities}:
        form.city.data = request.args["city"]  # from a city's link on /centres
    if form.validate_on_submit() and _dates_and_area_are_fine(form):
        if not form.filled_by_bot:  # thank a bot, but store nothing
            _store(form, patient)
        return redirect(url_for("home_visits.thanks"))
    not_served = getattr(form, "not_served", None)
    status = 422 if form.errors else 200
    return render_template("home_visits/request.html", form=form, not_served=not_served), status


@blueprint.get("/home-visit/thanks")
def thanks():
    return render_template("home_visits/thanks.html", summary=session.pop(_THANKS_KEY, None))


def _is_patient() -> bool:
    return current_user.is_authenticated and Role.PATIENT in current_user.roles


def _dates_and_area_are_fine(form: HomeVisitForm) -> bool:
    city = _chosen_city(form)
    today = local_today(city_zone(city))
    fine = True
    if form.earliest_date.data < today:
        form.earliest_date.errors.append(_("Choose today or a later day."))
        fine = False
    if form.latest_date.data > today + FURTHEST_DAY:
        form.latest_date.errors.append(_("We book visits up to 30 days ahead."))
        fine = False
    pincode = form.pincode.data.strip()
    if served_area(city, pincode) is None:
        form.pincode.errors.append(
            _("We don't make home visits in %(pincode)s yet.", pincode=pincode)
        )
        form.not_served = {"city": city.name, "areas": served_areas_text(city)}
        fine = False
    return fine


def _chosen_city(form: HomeVisitForm) -> City:
    """The city picked from the form's list (validated against it)."""
    return db.session.execute(select(City).where(City.slug == form.city.data)).scalar_one()


def _store(form: HomeVisitForm, patient) -> None:
    city = _chosen_city(form)
    request = HomeVisitRequest(
        name=form.name.data.strip(),
        phone=form.phone.e164,
        email=(form.email.data or "").strip().lower() or None,
        address=form.address.data.strip(),
        pincode=form.pincode.data.strip(),
        city=city,
        earliest_date=form.earliest_date.data,
        latest_date=form.latest_date.data,
        preferred_time=PreferredTime(form.preferred_time.data),
        reason=form.reason.data.strip(),
        requested_by_id=patient.id if patient else None,
        language=current_language(),
    )
    db.session.add(request)
    db.session.flush()
    session[_THANKS_KEY] = {"phone": display_phone(request.phone), "city": city.name}
