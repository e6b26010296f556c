"""centres: online booking on or off

Revision ID: 5a0e3c1b9d27
Revises: e3a9c41d7b20
Create Date: 2026-12-02 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a0e3c1b9d27'
down_revision = 'e3a9c41d7b20'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        'centres',
        sa.Column('online_booking', sa.Boolean(), server_default=sa.true(), nullable=False),
    )


def downgrade():
    # Neither here nor in upgrade() batch mode: on SQLite it copies and drops `centres`, which
    # the rows pointing at a centre forbid. SQLite adds and (3.35+) drops a plain column in
    # place, as PostgreSQL does.
    op.drop_column('centres', 'online_booking')
