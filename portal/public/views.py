from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from portal.centres.services import cities_by_name
from portal.contact.forms import callback_form
from portal.extensions import db
from portal.guide.models import Technique, TechniqueKind
from portal.guide.presenters import present_point
from portal.public.errors import RETRY_AFTER_SECONDS

blueprint = Blueprint("public", __name__)


@blueprint.get("/")
def index():
    points = db.session.scalars(
        select(Technique)
        .where(Technique.kind == TechniqueKind.ACUPRESSURE, Technique.archived.is_(False))
        .order_by(Technique.sort_order)
        .limit(3)
    ).all()
    return render_template(
        "public/index.html",
        points=[present_point(p) for p in points],
        form=callback_form(cities_by_name(), current_user),
    )


@blueprint.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


@blueprint.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return (
            jsonify(status="error", database="unreachable"),
            503,
            {"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return jsonify(status="ok", database="ok")
