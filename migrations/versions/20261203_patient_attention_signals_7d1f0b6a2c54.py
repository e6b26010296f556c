"""patient attention: each run's signals, so the dashboard words its rows without history

Revision ID: 7d1f0b6a2c54
Revises: 4b7e2c91d0a6
Create Date: 2026-12-03 17:10:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

# revision identifiers, used by Alembic.
revision = "7d1f0b6a2c54"
down_revision = "4b7e2c91d0a6"
branch_labels = None
depends_on = None

COLUMNS = (
    ("latest_pain", sa.SmallInteger()),
    ("pain_a_week_ago", sa.SmallInteger()),
    ("due_in_window", sa.Integer()),
    ("done_in_window", sa.Integer()),
    ("last_log", sa.Date()),
    ("has_program", sa.Boolean()),
)


def upgrade():
    with op.batch_alter_table("patient_attention", schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
    # Filling an empty table is 2b9d4e7a1c30's now: the portal's code writes the rows as the
    # models have them, with columns this revision does not have yet.


def _fill_when_empty():  # as it was; 2b9d4e7a1c30 took it over
    # A database coming from before a5f7f5228ee5 has the table but no rows yet: they are
    # written here, signals and all, in this migration's transaction. They come from the
    # ranking rules themselves (needs_attention() over each patient's history), which live
    # in the portal's code and write the table as the models have it: a later migration that
    # changes this table takes this filling over (as this one took it from a5f7f5228ee5).
    # A running database keeps its rows, with NULL signals: filling them here would hold
    # the table and every patient's row locked from the ALTER to the commit while the
    # previous release still writes them. The dashboard words those patients from their
    # history until `flask refresh-attention` (run after the upgrade; nightly anyway), which
    # commits a batch at a time, rewrites them.
    session = Session(bind=op.get_bind())
    if session.execute(sa.text("SELECT 1 FROM patient_attention LIMIT 1")).first() is None:
        from portal.programs.attention_summary import refresh_attention
        from portal.programs.models import TreatmentPlan
        from portal.safety.models import SafetyFlag

        patient_ids = session.scalars(
            sa.select(TreatmentPlan.patient_id).union(sa.select(SafetyFlag.patient_id))
        ).all()
        refresh_attention(patient_ids, session)
    session.close()


def downgrade():
    with op.batch_alter_table("patient_attention", schema=None) as batch_op:
        for name, _type in reversed(COLUMNS):
            batch_op.drop_column(name)
