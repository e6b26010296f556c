from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.centres.models import Centre, City
from portal.extensions import db

blueprint = Blueprint("centres", __name__)


@blueprint.get("/centres")
def index():
    cities = db.session.scalars(
        select(City)
        .options(selectinload(City.centres).selectinload(Centre.opening_hours))
        .order_by(City.name)
    ).all()
    return render_template("centres/index.html", cities=cities)
