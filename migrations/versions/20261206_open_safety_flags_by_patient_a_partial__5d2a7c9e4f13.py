"""open safety flags by patient: a partial index

The dashboard asks of every patient on its page whether they have an open flag; without an
index of the open ones PostgreSQL read every flag ever raised to find them. Only open flags
are in this one, so it stays small however many are acknowledged.

Revision ID: 5d2a7c9e4f13
Revises: 3c5e8f1a9b27
Create Date: 2026-12-06 04:29:47

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5d2a7c9e4f13"
down_revision = "3c5e8f1a9b27"
branch_labels = None
depends_on = None

OPEN = sa.text("acknowledged_at IS NULL")


def upgrade():
    with op.batch_alter_table("safety_flags") as batch_op:
        batch_op.create_index(
            "ix_safety_flags_open_patient_id",
            ["patient_id"],
            unique=False,
            postgresql_where=OPEN,
            sqlite_where=OPEN,
        )


def downgrade():
    with op.batch_alter_table("safety_flags") as batch_op:
        batch_op.drop_index("ix_safety_flags_open_patient_id")
