"""The portal as the benchmark serves it: the product plus two yardsticks that are no part of
the product's routes (scripts/benchmark.py measures every page against them, in one run).

- /_benchmark/reference: one query through Flask-SQLAlchemy, rendered by a Jinja template;
- /_benchmark/hello: Flask alone, no database, no template.

gunicorn --pythonpath scripts benchmark_app:app
"""

from flask import Flask, render_template
from jinja2 import ChoiceLoader, DictLoader
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
    # A named template, compiled once and cached like the product's own: render_template_string
    # would compile it again on every request and flatter every ratio.
    app.jinja_env.loader = ChoiceLoader(
        [DictLoader({"_benchmark/reference.html": REFERENCE_PAGE}), app.jinja_env.loader]
    )

    @app.get("/_benchmark/reference")
    def benchmark_reference():
        centres = db.session.execute(select(Centre.name, Centre.locality).order_by(Centre.name))
        return render_template("_benchmark/reference.html", centres=centres.all())

    @app.get("/_benchmark/hello")
    def benchmark_hello():
        return "hello"

    return app


# As scripts/benchmark.py measures in process: no rate limits (wrk's 16 connections share one
# address), warnings only in the log.
app = add_yardsticks(create_app({"RATELIMIT_ENABLED": False}))
