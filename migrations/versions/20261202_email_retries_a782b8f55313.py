"""outgoing emails: retried by a worker with growing waits, then marked undeliverable

Revision ID: a782b8f55313
Revises: 79145325b7e7
Create Date: 2026-12-02 07:28:24.252370

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a782b8f55313'
down_revision = "79145325b7e7"
branch_labels = None
depends_on = None


def upgrade():
    # Plain add/drop column, not batch mode: on SQLite batch mode copies and drops the table.
    op.add_column('outgoing_emails', sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('outgoing_emails', sa.Column('undeliverable_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('outgoing_emails', sa.Column('urgent', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index(op.f('ix_outgoing_emails_next_attempt_at'), 'outgoing_emails', ['next_attempt_at'], unique=False)
    op.create_index(op.f('ix_outgoing_emails_undeliverable_at'), 'outgoing_emails', ['undeliverable_at'], unique=False)
    # Every email still waiting is due now, including those the old sender gave up on after
    # eight attempts in a blink: they get the new schedule of retries.
    op.execute("UPDATE outgoing_emails SET next_attempt_at = created_at WHERE sent_at IS NULL")


def downgrade():
    op.drop_index(op.f('ix_outgoing_emails_undeliverable_at'), table_name='outgoing_emails')
    op.drop_index(op.f('ix_outgoing_emails_next_attempt_at'), table_name='outgoing_emails')
    op.drop_column('outgoing_emails', 'urgent')
    op.drop_column('outgoing_emails', 'undeliverable_at')
    op.drop_column('outgoing_emails', 'next_attempt_at')
