"""role grants: an index by role, for the staff lists

Revision ID: 4b7e2c91d0a6
Revises: 1a790ce30d56
Create Date: 2026-12-03 14:20:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "4b7e2c91d0a6"
down_revision = "1a790ce30d56"
branch_labels = None
depends_on = None


# /admin/staff read every role grant (20,000 at a chain's size) to find the 150 staff.
def upgrade():
    op.create_index("ix_role_grants_role_user_id", "role_grants", ["role", "user_id"])


def downgrade():
    op.drop_index("ix_role_grants_role_user_id", table_name="role_grants")
