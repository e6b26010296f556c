from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.accounts.models import DeskProfile, RoleGrant, TherapistProfile, User
from portal.accounts.roles import Role, roles_required
from portal.accounts.services import EmailTaken, StaffDetails, set_active, update_staff
from portal.admin.forms import (
    STAFF_ROLES,
    ActiveForm,
    CentreForm,
    ServiceForm,
    StaffForm,
    TechniqueForm,
)
from portal.admin.presenters import email_row, staff_role, staff_row
from portal.admin.services import (
    CodeTaken,
    invite_staff,
    retry_undeliverable_email,
    save_technique,
    send_set_password_link,
)
from portal.audit.services import audit
from portal.booking.models import Service, ServiceKind
from portal.centres.models import Centre, City
from portal.centres.services import CentreDetails, cities_by_name, save_centre
from portal.extensions import db
from portal.forms import PortalForm
from portal.guide.models import Technique, TechniqueKind
from portal.notifications.delivery import undeliverable_emails, waiting_count
from portal.notifications.models import OutgoingEmail
from portal.pagination import page_number, paginate
from portal.phone import display_phone
from portal.transactions import serialized

blueprint = Blueprint("admin", __name__, url_prefix="/admin")
admins_only = roles_required(Role.ADMIN)
STAFF_PAGE_SIZE = 50
EMAILS_PAGE_SIZE = 25


# What admins keep, each with the page it is kept on: one menu entry for all of them.
ADMIN_PAGES = (
    ("Centres", "admin.centres", "Addresses, phone numbers, opening hours, online booking."),
    ("Staff accounts", "admin.staff", "Physiotherapists and front desk: add, edit, deactivate."),
    ("Services", "admin.services", "What can be booked, how long it takes."),
    ("Technique library", "admin.techniques", "Acupressure points and exercises for programs."),
    ("Audit log", "audit.events", "Who read or changed what, when and from where."),
    ("Erasure requests", "privacy.erasure_requests", "Patients' requests to erase their data."),
    ("Emails", "admin.emails", "Emails the mail server would not take: see why, try again."),
)


@blueprint.get("/")
@admins_only
def index():
    return render_template("admin/index.html", pages=ADMIN_PAGES)


@blueprint.get("/techniques")
@admins_only
def techniques():
    library = db.session.scalars(
        select(Technique).order_by(Technique.kind, Technique.archived, Technique.sort_order)
    ).all()
    return render_template("admin/techniques.html", techniques=library)


@blueprint.route("/techniques/new", methods=["GET", "POST"])
@admins_only
def new_technique():
    form = TechniqueForm()
    if not form.is_submitted():
        form.kind.data = request.args.get("kind", TechniqueKind.ACUPRESSURE.value)
        form.default_hold_seconds.data = 90 if form.is_point else 10
    return _save(form, Technique(sort_order=999), "New technique")


@blueprint.route("/techniques/<int:technique_id>", methods=["GET", "POST"])
@admins_only
def edit_technique(technique_id: int):
    technique = db.session.get(Technique, technique_id) or abort(404)
    form = TechniqueForm(obj=technique)
    if not form.is_submitted():
        form.kind.data = technique.kind.value
        form.sides.data = technique.sides.value if technique.sides else None
        form.diagram_view.data = technique.diagram_view.value if technique.diagram_view else None
    return _save(form, technique, f"Edit {technique.code}")


def _save(form: TechniqueForm, technique: Technique, title: str):
    if form.validate_on_submit():
        try:
            save_technique(technique, form.data)
        except CodeTaken:
            form.code.errors.append("Another technique already has this code.")
        else:
            flash(f"{technique.code} is saved.", "success")
            return redirect(url_for("admin.techniques"))
    return render_template(
        "admin/technique_form.html", form=form, title=title, technique=technique
    ), 422 if form.errors else 200


@blueprint.get("/services")
@admins_only
def services():
    rows = db.session.scalars(select(Service).order_by(Service.kind, Service.name)).all()
    return render_template("admin/services.html", services=rows)


@blueprint.route("/services/new", methods=["GET", "POST"])
@admins_only
def new_service():
    return _save_service(Service(), ServiceForm(), "New service")


@blueprint.route("/services/<int:service_id>", methods=["GET", "POST"])
@admins_only
def edit_service(service_id: int):
    service = db.session.get(Service, service_id) or abort(404)
    form = ServiceForm(obj=service)
    if not form.is_submitted():
        form.kind.data = service.kind.value
    return _save_service(service, form, f"Edit {service.name}")


def _save_service(service: Service, form: ServiceForm, title: str):
    if form.validate_on_submit():
        try:
            with serialized():  # a savepoint: a taken slug undoes only this edit
                form.populate_obj(service)
                service.kind = ServiceKind(form.kind.data)
                db.session.add(service)
        except IntegrityError:
            form.slug.errors.append("Another service already uses this short name.")
        else:
            flash(f"{service.name} is saved.", "success")
            return redirect(url_for("admin.services"))
    return render_template(
        "admin/service_form.html", form=form, title=title
    ), 422 if form.errors else 200


@blueprint.get("/staff")
@admins_only
def staff():
    staff_ids = select(RoleGrant.user_id).where(
        RoleGrant.role.in_([Role.THERAPIST, Role.DESK, Role.ADMIN])
    )
    query = (
        select(User)
        .where(User.id.in_(staff_ids))
        .options(
            selectinload(User.therapist_profile)
            .joinedload(TherapistProfile.centre)
            .joinedload(Centre.city),
            selectinload(User.desk_profile).joinedload(DeskProfile.city),
        )
        .order_by(User.active.desc(), User.name, User.id)
    )
    page = paginate(query, page_number(request.args.get("page")), STAFF_PAGE_SIZE)
    return render_template(
        "admin/staff.html", rows=[staff_row(person) for person in page.items], page=page
    )


@blueprint.route("/staff/new", methods=["GET", "POST"])
@admins_only
def new_staff():
    form = _staff_form()
    if form.validate_on_submit():
        try:
            user = invite_staff(form.chosen_role, _staff_details(form))
        except EmailTaken:
            form.email.errors.append("An account already uses this email.")
        else:
            audit("staff_created", record=user, details=staff_row(user).summary)
            flash(f"{user.name} can now set a password: we emailed {user.email} a link.",
                  "success")  # fmt: skip
            return redirect(url_for("admin.staff"))
    return _staff_page(form, None)


@blueprint.route("/staff/<int:user_id>", methods=["GET", "POST"])
@admins_only
def edit_staff(user_id: int):
    user = _staff_member_or_404(user_id)
    form = _staff_form(user)
    if form.validate_on_submit():
        try:
            update_staff(user, _staff_details(form))
        except EmailTaken:
            form.email.errors.append("Another account already uses this email.")
        else:
            audit("staff_updated", record=user, details=staff_row(user).summary)
            flash(f"{user.name}'s account is saved.", "success")
            return redirect(url_for("admin.staff"))
    return _staff_page(form, user)


@blueprint.post("/staff/<int:user_id>/active")
@admins_only
def set_staff_active(user_id: int):
    user = _staff_member_or_404(user_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash("You cannot deactivate your own account.", "warning")
        return redirect(url_for("admin.edit_staff", user_id=user.id))
    set_active(user, form.active.data == "yes")
    audit("staff_reactivated" if user.active else "staff_deactivated", record=user)
    flash(f"{user.name} {'can log in again' if user.active else 'is deactivated and logged out'}.",
          "success")  # fmt: skip
    return redirect(url_for("admin.edit_staff", user_id=user.id))


@blueprint.post("/staff/<int:user_id>/set-password-link")
@admins_only
def send_staff_password_link(user_id: int):
    user = _staff_member_or_404(user_id)
    if not PortalForm().validate_on_submit() or not user.active:
        abort(400)
    send_set_password_link(user)
    audit("staff_password_link_sent", record=user)
    flash(f"We emailed {user.email} a new link to choose a password.", "success")
    return redirect(url_for("admin.edit_staff", user_id=user.id))


def _staff_member_or_404(user_id: int) -> User:
    """A therapist or desk member; admin accounts are kept with the CLI."""
    user = db.session.get(User, user_id)
    if user is None or Role.ADMIN in user.roles or user.roles.isdisjoint(STAFF_ROLES):
        abort(404)
    return user


def _staff_form(user: User | None = None) -> StaffForm:
    centres = db.session.scalars(
        select(Centre).join(City).options(selectinload(Centre.city))
        .order_by(City.name, Centre.name)
    ).all()  # fmt: skip
    cities = cities_by_name()
    form = StaffForm(obj=user, centres=centres, cities=cities)
    if user is not None:
        form.role.data = staff_role(user).value  # fixed once the account exists
        if not form.is_submitted():
            form.phone.data = display_phone(user.phone)
            _fill_place(form, user)
    return form


def _fill_place(form: StaffForm, user: User) -> None:
    if user.therapist_profile is not None:
        form.centre.data = str(user.therapist_profile.centre_id)
        form.does_home_visits.data = user.therapist_profile.does_home_visits
    if user.desk_profile is not None:
        form.city.data = str(user.desk_profile.city_id)


def _staff_details(form: StaffForm) -> StaffDetails:
    therapist = form.chosen_role is Role.THERAPIST
    return StaffDetails(
        name=form.name.data,
        email=form.email.data,
        phone=getattr(form.phone, "e164", None) if form.phone.data else None,
        centre=db.session.get(Centre, int(form.centre.data)) if therapist else None,
        does_home_visits=therapist and form.does_home_visits.data,
        city=None if therapist else db.session.get(City, int(form.city.data)),
    )


def _staff_page(form: StaffForm, user: User | None):
    return render_template(
        "admin/staff_form.html",
        form=form,
        user=user,
        row=staff_row(user) if user else None,
        active_form=ActiveForm(),
    ), 422 if form.errors else 200


@blueprint.get("/centres")
@admins_only
def centres():
    rows = db.session.scalars(
        select(Centre).join(City).options(selectinload(Centre.opening_hours))
        .order_by(City.name, Centre.name)
    ).all()  # fmt: skip
    return render_template("admin/centres.html", centres=rows, phone=display_phone)


@blueprint.route("/centres/<int:centre_id>", methods=["GET", "POST"])
@admins_only
def edit_centre(centre_id: int):
    centre = db.session.get(Centre, centre_id) or abort(404)
    form = CentreForm(obj=centre)
    if not form.is_submitted():
        form.phone.data = display_phone(centre.phone)
        for row in centre.opening_hours:
            form[f"opens_{row.weekday}"].data = row.opens
            form[f"closes_{row.weekday}"].data = row.closes
    if form.validate_on_submit():
        save_centre(centre, _centre_details(form))
        audit("centre_updated", record=centre, details=_centre_summary(centre))
        flash(f"{centre.name} is saved.", "success")
        return redirect(url_for("admin.centres"))
    return render_template(
        "admin/centre_form.html", form=form, centre=centre
    ), 422 if form.errors else 200


def _centre_details(form: CentreForm) -> CentreDetails:
    return CentreDetails(
        name=form.name.data, street=form.street.data, locality=form.locality.data,
        pincode=form.pincode.data, phone=form.phone.e164,
        online_booking=form.online_booking.data, hours=form.open_days(),
    )  # fmt: skip


def _centre_summary(centre: Centre) -> str:
    booking = "online booking on" if centre.online_booking else "online booking off"
    return f"{centre.address}; {display_phone(centre.phone)}; {booking}; " + "; ".join(
        centre.opening_hours_summary
    )


@blueprint.get("/emails")
@admins_only
def emails():
    """Emails given up on, without their bodies (they can hold health data)."""
    page = paginate(undeliverable_emails(), page_number(request.args.get("page")), EMAILS_PAGE_SIZE)
    return render_template(
        "admin/emails.html",
        rows=[email_row(email) for email in page.items],
        page=page,
        waiting=waiting_count(),
        form=PortalForm(),
    )


@blueprint.post("/emails/<int:email_id>/retry")
@admins_only
def retry_email(email_id: int):
    email = db.session.get(OutgoingEmail, email_id) or abort(404)
    if not PortalForm().validate_on_submit():
        abort(400)
    if retry_undeliverable_email(email):
        audit("email_retried", record=email, details=email.kind)
        flash(f"“{email.subject}” to {email.to_email} is queued to be sent again.", "success")
    else:
        flash("That email is no longer undeliverable: nothing was changed.", "info")
    return redirect(url_for("admin.emails"))
