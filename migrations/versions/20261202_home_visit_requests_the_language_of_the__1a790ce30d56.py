"""home visit requests: the language of the page a request was sent from

Revision ID: 1a790ce30d56
Revises: 5d80bd241c91
Create Date: 2026-12-02 17:54:23.211723

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "1a790ce30d56"
down_revision = "5d80bd241c91"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases, as for users.language (SQLite drops columns natively).
def upgrade():
    op.add_column("home_visit_requests", sa.Column("language", sa.String(length=5), nullable=True))


def downgrade():
    op.drop_column("home_visit_requests", "language")
