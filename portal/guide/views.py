from flask import Blueprint, abort, redirect, render_template, url_for
from sqlalchemy import select

from portal.extensions import db
from portal.guide.models import Technique, TechniqueKind
from portal.guide.presenters import present_point

blueprint = Blueprint("guide", __name__)


def _published_points():
    return select(Technique).where(
        Technique.kind == TechniqueKind.ACUPRESSURE, Technique.archived.is_(False)
    )


@blueprint.get("/guide")
def index():
    points = db.session.scalars(_published_points().order_by(Technique.sort_order)).all()
    return render_template("guide/index.html", points=[present_point(p) for p in points])


@blueprint.get("/guide/<code>")
def point(code: str):
    canonical = code.upper()
    if code != canonical:
        return redirect(url_for("guide.point", code=canonical), 301)
    technique = db.session.scalar(_published_points().where(Technique.code == canonical))
    if technique is None:
        abort(404)
    return render_template("guide/point.html", point=present_point(technique))
