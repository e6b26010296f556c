"""Saving techniques to the library: each kind keeps only the fields it uses."""

from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.guide.diagrams import DiagramView
from portal.guide.models import PointSides, Technique, TechniqueKind


class CodeTaken(ValueError):
    pass


_COMMON = ("name", "summary", "benefits", "how_to", "cautions", "default_hold_seconds", "archived")


def save_technique(technique: Technique, data: dict) -> Technique:
    technique.kind = TechniqueKind(data["kind"])
    technique.code = data["code"].strip().upper()
    for name in _COMMON:
        value = data[name]
        setattr(technique, name, value.strip() if isinstance(value, str) else value)
    point = technique.kind is TechniqueKind.ACUPRESSURE
    technique.pinyin_name = (data["pinyin_name"] or "").strip() or None if point else None
    technique.meridian = (data["meridian"] or "").strip() or None if point else None
    technique.location = data["location"].strip() if point else None
    technique.sides = PointSides(data["sides"]) if point else None
    technique.avoid_in_pregnancy = bool(data["avoid_in_pregnancy"]) if point else False
    technique.diagram_view = DiagramView(data["diagram_view"]) if point else None
    technique.diagram_x = float(data["diagram_x"]) if point else None
    technique.diagram_y = float(data["diagram_y"]) if point else None
    technique.default_sets = None if point else data["default_sets"]
    technique.default_reps = None if point else data["default_reps"]
    db.session.add(technique)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise CodeTaken(technique.code) from error
    return technique
