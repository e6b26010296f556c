from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts.roles import Role, roles_required
from portal.admin.forms import ServiceForm, TechniqueForm
from portal.admin.services import CodeTaken, save_technique
from portal.booking.models import Service, ServiceKind
from portal.extensions import db
from portal.guide.models import Technique, TechniqueKind

blueprint = Blueprint("admin", __name__, url_prefix="/admin")
admins_only = roles_required(Role.ADMIN)


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
        form.populate_obj(service)
        service.kind = ServiceKind(form.kind.data)
        db.session.add(service)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.slug.errors.append("Another service already uses this short name.")
        else:
            flash(f"{service.name} is saved.", "success")
            return redirect(url_for("admin.services"))
    return render_template(
        "admin/service_form.html", form=form, title=title
    ), 422 if form.errors else 200
