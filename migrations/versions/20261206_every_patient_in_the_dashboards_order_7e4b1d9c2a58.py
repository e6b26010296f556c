"""every patient in the dashboard's order: an index of patient_attention by rank

An admin's dashboard ranks every patient. It read users, role grants and patient_attention
whole to do so (40 ms of PostgreSQL's time on 20,000 patients, every page); ranked from the
stored rows alone, in this index's order, it reads the day's rows off the index.

Revision ID: 7e4b1d9c2a58
Revises: 5d2a7c9e4f13
Create Date: 2026-12-06 08:05:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "7e4b1d9c2a58"
down_revision = "5d2a7c9e4f13"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("patient_attention") as batch_op:
        batch_op.create_index(
            "ix_patient_attention_rank",
            ["urgency", "name", "patient_id", "starts_on", "ends_on"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("patient_attention") as batch_op:
        batch_op.drop_index("ix_patient_attention_rank")
