"""users.language: the language a patient chose for pages and emails

Revision ID: 8e4af70308ff
Revises: a5f7f5228ee5
Create Date: 2026-12-02 17:16:36.728917

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8e4af70308ff"
down_revision = "a5f7f5228ee5"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases (SQLite has dropped columns natively since 3.35): a batch
# copy of `users` would trip over the many foreign keys that point at it.
def upgrade():
    op.add_column("users", sa.Column("language", sa.String(length=5), nullable=True))


def downgrade():
    op.drop_column("users", "language")
