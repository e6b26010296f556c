import pytest


@pytest.fixture
def seeded_templates(make):
    """The starter templates, with the techniques they use."""
    from sqlalchemy import select

    from portal.demo.care import ensure_templates
    from portal.extensions import db
    from portal.programs.models import ProgramTemplate
    from portal.programs.starter_templates import STARTER_TEMPLATES

    for code in {item["code"] for t in STARTER_TEMPLATES for item in t["items"]}:
        make.technique(code)
    ensure_templates()
    return {t.name: t for t in db.session.scalars(select(ProgramTemplate))}
