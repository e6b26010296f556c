"""appointments always have a centre

Every booking path (online, desk, home visit, demo and scale data) sets the centre, and the
code reads appointment.centre without a check; the column now says so. A home visit is booked
at the visiting therapist's centre.

Revision ID: a6742a2cdda1
Revises: 1a765021dbba
Create Date: 2026-12-02 10:59:02.919364

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6742a2cdda1'
down_revision = '1a765021dbba'
branch_labels = None
depends_on = None


def upgrade():
    # Batch mode: SQLite copies the table (its partial unique index is recreated with it).
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.alter_column('centre_id', existing_type=sa.INTEGER(), nullable=False)


def downgrade():
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.alter_column('centre_id', existing_type=sa.INTEGER(), nullable=True)
