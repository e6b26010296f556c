"""drop single-column indexes that a composite index already leads

Each of these columns leads a composite index (a unique constraint's, or the index of whom a
therapist treats), which answers the same lookups: the single-column index only cost a write
with every row (every program item and flag, every plan).

Revision ID: ad67d49247cb
Revises: 2b9d4e7a1c30
Create Date: 2026-12-06 01:15:34

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "ad67d49247cb"
down_revision = "2b9d4e7a1c30"
branch_labels = None
depends_on = None

# (table, column): each had an index named ix_<table>_<column>.
LED_BY_A_COMPOSITE = (
    ("program_items", "version_id"),  # uq (version_id, position)
    ("program_template_items", "template_id"),  # uq (template_id, position)
    ("program_versions", "program_id"),  # uq (program_id, number)
    ("safety_flags", "patient_id"),  # uq (patient_id, client_id)
    ("treatment_plans", "therapist_id"),  # ix_treatment_plans_therapist_id_patient_id
)


def upgrade():
    for table, column in LED_BY_A_COMPOSITE:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_{column}")


def downgrade():
    for table, column in LED_BY_A_COMPOSITE:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(f"ix_{table}_{column}", [column], unique=False)
