"""indexes for schedules and slot searches: appointments by therapist, centre or all, in time

Revision ID: 4276d0389a7e
Revises: a6742a2cdda1
Create Date: 2026-12-02 11:20:28.864831

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '4276d0389a7e'
down_revision = 'a6742a2cdda1'
branch_labels = None
depends_on = None


def upgrade():
    # Plain index operations, not batch mode: nothing here needs SQLite to copy a table.
    # (therapist_id, starts_at) and (centre_id, starts_at) also serve every look-up by the
    # foreign key alone, so the single-column indexes go.
    op.create_index(
        "ix_appointments_therapist_id_starts_at", "appointments", ["therapist_id", "starts_at"]
    )
    op.create_index(
        "ix_appointments_centre_id_starts_at", "appointments", ["centre_id", "starts_at"]
    )
    op.create_index("ix_appointments_starts_at", "appointments", ["starts_at"])
    op.drop_index("ix_appointments_therapist_id", table_name="appointments")
    op.drop_index("ix_appointments_centre_id", table_name="appointments")


def downgrade():
    op.create_index("ix_appointments_centre_id", "appointments", ["centre_id"])
    op.create_index("ix_appointments_therapist_id", "appointments", ["therapist_id"])
    op.drop_index("ix_appointments_starts_at", table_name="appointments")
    op.drop_index("ix_appointments_centre_id_starts_at", table_name="appointments")
    op.drop_index("ix_appointments_therapist_id_starts_at", table_name="appointments")
