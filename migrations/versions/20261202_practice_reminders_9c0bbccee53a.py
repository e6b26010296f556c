"""practice reminders: a patient's daily reminder time (or none) and the last local day
settled, which the worker moves forward to claim a day (one reminder a day at most); and a
one-click unsubscribe address on outgoing emails (List-Unsubscribe)

Revision ID: 9c0bbccee53a
Revises: dee85f35028d
Create Date: 2026-12-02 13:58:16.008450

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c0bbccee53a'
down_revision = 'dee85f35028d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'practice_reminders',
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('remind_at', sa.Time(), nullable=True),
        sa.Column('chosen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('settled_until', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ['patient_id'], ['users.id'],
            name=op.f('fk_practice_reminders_patient_id_users'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('patient_id', name=op.f('pk_practice_reminders')),
    )
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unsubscribe_url', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe_url')
    op.drop_table('practice_reminders')
