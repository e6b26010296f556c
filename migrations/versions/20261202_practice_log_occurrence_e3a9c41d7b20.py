"""practice logs: one occurrence per patient, technique, local date and session, across versions

Revision ID: e3a9c41d7b20
Revises: 79303e043c50
Create Date: 2026-12-02 04:40:00

A new program version used to start the patient's day afresh: the occurrence was keyed by
the version's item. It is now keyed by what the patient did (patient, technique, local date,
session number), whichever version listed it.
"""

import sqlalchemy as sa
from alembic import op

revision = "e3a9c41d7b20"
down_revision = "79303e043c50"
branch_labels = None
depends_on = None

OLD_KEY = ["item_id", "occurrence_date", "occurrence_index"]
NEW_KEY = ["patient_id", "technique_id", "occurrence_date", "occurrence_index"]


def upgrade():
    with op.batch_alter_table("practice_logs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("technique_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE practice_logs SET technique_id = "
        "(SELECT technique_id FROM program_items WHERE program_items.id = practice_logs.item_id)"
    )
    # The same occurrence logged again under a later version: keep the first log, which is
    # the one the patient saw confirmed.
    op.execute(
        "DELETE FROM practice_logs WHERE id NOT IN ("
        "SELECT min(id) FROM practice_logs "
        "GROUP BY patient_id, technique_id, occurrence_date, occurrence_index)"
    )
    with op.batch_alter_table("practice_logs", schema=None) as batch_op:
        batch_op.alter_column("technique_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_practice_logs_technique_id_techniques"),
            "techniques",
            ["technique_id"],
            ["id"],
        )
        batch_op.drop_constraint(
            batch_op.f("uq_practice_logs_item_id_occurrence_date_occurrence_index"), type_="unique"
        )
        batch_op.create_unique_constraint(batch_op.f("uq_practice_logs_occurrence"), NEW_KEY)


def downgrade():
    # Every pair of logs the old key could tell apart (same item, day and session) already
    # shares the new key, so the old constraint holds for whatever the new one allowed.
    with op.batch_alter_table("practice_logs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_practice_logs_occurrence"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_practice_logs_item_id_occurrence_date_occurrence_index"), OLD_KEY
        )
        batch_op.drop_constraint(
            batch_op.f("fk_practice_logs_technique_id_techniques"), type_="foreignkey"
        )
        batch_op.drop_column("technique_id")
