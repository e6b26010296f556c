"""The application factory: it reads as a list of stages, and (the top layer) imports every
area to put the app together. Nothing imports it but wsgi.py, the scripts and the tests."""

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from sqlalchemy import event

import portal.models  # noqa: F401  (every model registered before the first query)
from portal.accounts.commands import create_user
from portal.accounts.language import response_locale
from portal.accounts.sessions import configure_login
from portal.accounts.views import blueprint as accounts
from portal.admin.audit_views import blueprint as audit
from portal.admin.views import blueprint as admin
from portal.booking.views import blueprint as booking
from portal.centres.views import blueprint as centres
from portal.contact.views import blueprint as contact
from portal.demo.commands import seed_demo, seed_scale
from portal.desk.views import blueprint as desk
from portal.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate
from portal.guide.views import blueprint as guide
from portal.home_visits.views import blueprint as home_visits
from portal.languages import install_in_templates
from portal.messages.services import read_unread_count_with_the_user
from portal.messages.views import blueprint as messages
from portal.notes.views import blueprint as notes
from portal.observability import register as register_observability
from portal.offline.views import blueprint as offline
from portal.postgres_cursors import DescribedWhenAskedCursor
from portal.presentation import register as register_presentation
from portal.privacy.commands import process_erasures
from portal.privacy.views import blueprint as privacy
from portal.programs.attention_summary import keep_attention_current
from portal.programs.commands import refresh_attention_command
from portal.programs.views import blueprint as programs
from portal.public.errors import register as register_error_pages
from portal.public.views import blueprint as public
from portal.reminders.views import blueprint as reminders
from portal.request_values import BoundedIntConverter
from portal.rota.views import blueprint as rota
from portal.safety.views import blueprint as safety
from portal.security.form_tokens import register as register_form_tokens
from portal.security.headers import register as register_security_headers
from portal.security.session_cookies import RememberingSessionInterface
from portal.settings import DEFAULTS, refuse_unsafe_production, settings_from_environment
from portal.static_files import register as register_static_file_caching
from portal.templating import PortalEnvironment
from portal.therapist.discharge_views import blueprint as discharge
from portal.therapist.views import blueprint as therapist
from portal.transactions import configure_sqlite_transactions, register_transactions
from portal.worker.commands import run_worker, send_reminders
from portal.worker.dispatch import watch_outbox
from portal.worker.tasks import init_worker


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(
        "portal",  # the package: its name, root path and instance folder
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.jinja_environment = PortalEnvironment  # before anything asks for app.jinja_env
    configure(app, config)
    register_observability(app)  # first: the request id and log line cover everything after
    app.url_map.converters["int"] = BoundedIntConverter  # before any route is added
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security(app)
    register_template_helpers(app)
    register_static_files(app)
    register_commands(app)
    return app


def configure(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    app.config.update(DEFAULTS)
    app.config.update(settings_from_environment(os.environ, app.instance_path))
    if overrides:
        app.config.update(overrides)
    refuse_unsafe_production(app.config)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=response_locale)
    install_in_templates(app)
    # Multi-line {% trans %} blocks are whitespace-normalised, as babel.cfg extracts them.
    app.jinja_env.policies["ext.i18n.trimmed"] = True

    configure_login(app, login_manager)
    register_transactions(app)
    init_worker(app)
    watch_outbox()
    keep_attention_current()
    read_unread_count_with_the_user()
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _tune_sqlite_connection)
            configure_sqlite_transactions(db.engine)
        elif db.engine.dialect.name == "postgresql":
            event.listen(db.engine, "connect", _tune_postgresql_connection)


def _tune_sqlite_connection(dbapi_connection, _connection_record) -> None:
    # WAL lets readers work while one request writes; busy_timeout waits for a lock instead of
    # failing at once with "database is locked" (15 s: a queue of fifty writers on a busy
    # machine outlasts 5 s); SQLite enforces foreign keys only when asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# What PostgreSQL's planner takes a random page read to cost, against 1 for a sequential one.
# Its default, 4, is for spinning disks: with the portal's tables in memory or on SSDs it
# read every staff account's row (20,000 users) to list 150 staff instead of looking them up.
RANDOM_PAGE_COST = 1.1


def _tune_postgresql_connection(dbapi_connection, _connection_record) -> None:
    # Per connection, so a server shared with other databases keeps its own defaults. In UTC,
    # as the portal stores every moment: whatever the server's zone, no statement reads dates
    # in another, and psycopg hands back datetimes in Python's own UTC, which UtcDateTime
    # passes on as they are (a zone like the server's Etc/UTC had each converted).
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET random_page_cost = {RANDOM_PAGE_COST}")
        cursor.execute("SET TIME ZONE 'UTC'")
    dbapi_connection.commit()  # SET is undone with a transaction that rolls back
    dbapi_connection.cursor_factory = DescribedWhenAskedCursor


def register_blueprints(app: Flask) -> None:
    for blueprint in (
        public, accounts, centres, guide, contact, desk, programs, safety, therapist, admin,
        booking, home_visits, rota, audit, privacy, messages, discharge, notes, reminders, offline,
    ):  # fmt: skip
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    register_error_pages(app)


def register_security(app: Flask) -> None:
    register_security_headers(app)
    register_form_tokens(app)
    app.session_interface = RememberingSessionInterface()


def register_template_helpers(app: Flask) -> None:
    register_presentation(app)


def register_static_files(app: Flask) -> None:
    register_static_file_caching(app)


def register_commands(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(seed_scale)
    app.cli.add_command(send_reminders)
    app.cli.add_command(process_erasures)
    app.cli.add_command(refresh_attention_command)
    app.cli.add_command(run_worker)
