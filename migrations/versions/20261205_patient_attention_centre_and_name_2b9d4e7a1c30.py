"""patient attention: each patient's own centre and name, and rows for every patient; whom a
therapist treats, from two indexes

Revision ID: 2b9d4e7a1c30
Revises: 7d1f0b6a2c54
Create Date: 2026-12-05 04:20:00

"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

# revision identifiers, used by Alembic.
revision = "2b9d4e7a1c30"
down_revision = "7d1f0b6a2c54"
branch_labels = None
depends_on = None

RANK_INDEX = "ix_patient_attention_centre_rank"
RANK_COLUMNS = ["centre_id", "urgency", "name", "patient_id", "starts_on", "ends_on"]
# A therapist's patients elsewhere (scope.patients_treated_by) on every dashboard: from the
# indexes alone, where a therapist's thousand appointments were read row by row.
TREATED_INDEXES = (
    ("ix_appointments_therapist_id_patient_id", "appointments"),
    ("ix_treatment_plans_therapist_id_patient_id", "treatment_plans"),
)
ON_TRACK = 4  # attention.Urgency.ON_TRACK: what needs_attention() says of a patient without a plan


def upgrade():
    with op.batch_alter_table("patient_attention", schema=None) as batch_op:
        batch_op.add_column(sa.Column("centre_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("name", sa.String(length=120), nullable=True))
    op.create_index(RANK_INDEX, "patient_attention", RANK_COLUMNS)
    for name, table in TREATED_INDEXES:
        op.create_index(name, table, ["therapist_id", "patient_id"])
    session = Session(bind=op.get_bind())
    if session.execute(sa.text("SELECT 1 FROM patient_attention LIMIT 1")).first() is None:
        _fill(session)
    else:
        _copy_centres_and_names()
    session.close()


def _fill(session: Session) -> None:
    # A database coming from before a5f7f5228ee5 has the table but no rows yet: they are
    # written here, in this migration's transaction, by the ranking rules themselves (they
    # live in the portal's code and write the table as the models have it: a later migration
    # that changes this table takes this filling over, as this one took it from 7d1f0b6a2c54).
    from portal.accounts.models import RoleGrant
    from portal.accounts.roles import Role
    from portal.programs.attention_summary import refresh_attention

    patient_ids = session.scalars(
        sa.select(RoleGrant.user_id).where(RoleGrant.role == Role.PATIENT)
    ).all()
    refresh_attention(patient_ids, session)


def _copy_centres_and_names() -> None:
    # A running database keeps its rows (the previous release may be writing them): each gets
    # its patient's centre and name, and a patient without rows (no plan, no flag: the
    # previous release kept none) one open-ended row from yesterday, on track, its signals
    # NULL (the dashboard words it from the history) until `flask refresh-attention` (run
    # after the upgrade; nightly anyway) writes it. The dashboard ranks from users and
    # profiles while any visible patient's rows lack a centre.
    op.execute(
        "UPDATE patient_attention SET"
        " centre_id = (SELECT primary_centre_id FROM patient_profiles"
        "              WHERE patient_profiles.user_id = patient_attention.patient_id),"
        " name = (SELECT name FROM users WHERE users.id = patient_attention.patient_id)"
    )
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date()
    op.get_bind().execute(
        sa.text(
            "INSERT INTO patient_attention (patient_id, starts_on, ends_on, urgency, centre_id, name)"
            " SELECT users.id, :starts_on, NULL, :urgency, patient_profiles.primary_centre_id,"
            "        users.name"
            " FROM users"
            " JOIN role_grants ON role_grants.user_id = users.id AND role_grants.role = 'patient'"
            " LEFT JOIN patient_profiles ON patient_profiles.user_id = users.id"
            " WHERE NOT EXISTS (SELECT 1 FROM patient_attention"
            "                   WHERE patient_attention.patient_id = users.id)"
        ),
        {"starts_on": yesterday, "urgency": ON_TRACK},
    )


def downgrade():
    for name, table in reversed(TREATED_INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index(RANK_INDEX, table_name="patient_attention")
    with op.batch_alter_table("patient_attention", schema=None) as batch_op:
        batch_op.drop_column("name")
        batch_op.drop_column("centre_id")
