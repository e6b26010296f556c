"""client ids of offline stops on safety flags: a "Sharp pain — stop" queued on a phone
offline carries an id of its own, unique per patient, so sending it again raises no second
flag

Revision ID: 5d80bd241c91
Revises: 8e4af70308ff
Create Date: 2026-12-02 17:18:29.689580

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d80bd241c91'
down_revision = '8e4af70308ff'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('safety_flags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.Uuid(), nullable=True))
        batch_op.create_unique_constraint(
            'uq_safety_flags_patient_id_client_id', ['patient_id', 'client_id']
        )


def downgrade():
    with op.batch_alter_table('safety_flags', schema=None) as batch_op:
        batch_op.drop_constraint('uq_safety_flags_patient_id_client_id', type_='unique')
        batch_op.drop_column('client_id')
