"""The portal as the benchmark serves it: the product plus two yardsticks that are no part of
the product's routes (scripts/benchmark.py measures every page against them, in one run).

- /_benchmark/reference: one query through Flask-SQLAlchemy, rendered by a Jinja template;
- /_benchmark/hello: Flask alone, no database, no template.

gunicorn --pythonpath scripts benchmark_app:app
"""

from flask import Flask, render_template_string
from sqlalchemy import select

from portal.app import create_app
from portal.centres.models import Centre
from portal.extensions import db

REFERENCE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Centres</title></head>
<body><h1>Our centres</h1><ul>
{% for name, locality in centres %}<li>{{ name }} ({{ locality }})</li>{% endfor %}
</ul></body></html>"""


def add_yardsticks(app: Flask) -> Flask:
    @app.get("/_benchmark/reference")
    def benchmark_reference():
        centres = db.session.execute(select(Centre.name, Centre.locality).order_by(Centre.name))
        return render_template_string(REFERENCE_PAGE, centres=centres.all())

    @app.get("/_benchmark/hello")
    def benchmark_hello():
        return "hello"

    return app


app = add_yardsticks(create_app())
