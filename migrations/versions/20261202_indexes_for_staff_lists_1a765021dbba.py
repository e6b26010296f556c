"""indexes for the staff lists: inboxes by city, status and age, the audit log in order,
everyone's recent logs, and "contains" search on patients' names, emails and phones

Revision ID: 1a765021dbba
Revises: 2ffd8620be07
Create Date: 2026-12-02 11:10:00

Each composite index replaces the single-column one it starts with (or, for the status alone,
one that starts with it): the same look-ups, one index fewer to keep up. The trigram indexes
(pg_trgm, GIN) are PostgreSQL's: SQLite has no such index and skips them. They are not in the
models; migrations/env.py leaves indexes named ..._trgm out of the comparison.
"""

from alembic import op

revision = "1a765021dbba"
down_revision = "2ffd8620be07"
branch_labels = None
depends_on = None

# name: (table, columns); the index each one replaces
REPLACED = {
    "ix_callback_requests_city_status_created": (
        "callback_requests", ["city_id", "status", "created_at", "id"], "ix_callback_requests_city_id", ["city_id"]
    ),
    "ix_callback_requests_status_created": (
        "callback_requests", ["status", "created_at", "id"], "ix_callback_requests_status", ["status"]
    ),
    "ix_home_visit_requests_city_status_created": (
        "home_visit_requests", ["city_id", "status", "created_at", "id"], "ix_home_visit_requests_city_id", ["city_id"]
    ),
    "ix_home_visit_requests_status_created": (
        "home_visit_requests", ["status", "created_at", "id"], "ix_home_visit_requests_status", ["status"]
    ),
    "ix_audit_events_at_id": ("audit_events", ["at", "id"], "ix_audit_events_at", ["at"]),
}  # fmt: skip

# "contains" search (LIKE '%term%') on what patient_matches() compares
TRIGRAM = {
    "ix_users_name_trgm": "lower(name)",
    "ix_users_email_trgm": "email",
    "ix_users_phone_trgm": "phone",
}


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    # Plain index operations, not batch mode: nothing here needs SQLite to copy a table.
    for name, (table, columns, old, _old_columns) in REPLACED.items():
        op.create_index(name, table, columns)
        op.drop_index(old, table_name=table)
    op.create_index("ix_practice_logs_occurrence_date", "practice_logs", ["occurrence_date"])
    if _postgresql():
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, expression in TRIGRAM.items():
            op.execute(f"CREATE INDEX {name} ON users USING gin ({expression} gin_trgm_ops)")


def downgrade():
    if _postgresql():
        for name in TRIGRAM:
            op.execute(f"DROP INDEX {name}")
        # Kept if anything else came to use it (RESTRICT); ours were its only users.
        op.execute(
            "DO $$ BEGIN DROP EXTENSION IF EXISTS pg_trgm; "
            "EXCEPTION WHEN dependent_objects_still_exist THEN NULL; END $$"
        )
    op.drop_index("ix_practice_logs_occurrence_date", table_name="practice_logs")
    for name, (table, _columns, old, old_columns) in REPLACED.items():
        op.create_index(old, table, old_columns)
        op.drop_index(name, table_name=table)
