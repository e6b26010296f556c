"""red flags named on safety flags: which red flags the patient ticked, so staff read them in
one line ("Red flag: numbness in the saddle area, 11:42 today")

Revision ID: 79303e043c50
Revises: b72bf628ecc8
Create Date: 2026-12-02 04:22:57.399935

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '79303e043c50'
down_revision = 'b72bf628ecc8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('safety_flags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('red_flags', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('safety_flags', schema=None) as batch_op:
        batch_op.drop_column('red_flags')
