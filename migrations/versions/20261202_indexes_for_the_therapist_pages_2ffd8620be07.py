"""indexes for the therapist pages: a patient's logs by date, patients by their centre

Revision ID: 2ffd8620be07
Revises: a782b8f55313
Create Date: 2026-12-02 08:44:36.653045

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '2ffd8620be07'
down_revision = 'a782b8f55313'
branch_labels = None
depends_on = None


def upgrade():
    # Plain index operations, not batch mode: nothing here needs SQLite to copy a table.
    op.create_index(
        "ix_patient_profiles_primary_centre_id", "patient_profiles", ["primary_centre_id"]
    )
    # (patient_id, occurrence_date) also serves every look-up by patient_id alone.
    op.create_index(
        "ix_practice_logs_patient_date", "practice_logs", ["patient_id", "occurrence_date"]
    )
    op.drop_index("ix_practice_logs_patient_id", table_name="practice_logs")


def downgrade():
    op.create_index("ix_practice_logs_patient_id", "practice_logs", ["patient_id"])
    op.drop_index("ix_practice_logs_patient_date", table_name="practice_logs")
    op.drop_index("ix_patient_profiles_primary_centre_id", table_name="patient_profiles")
