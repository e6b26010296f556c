"""patient attention: each patient's urgency for the therapists' dashboard, day by day, as
runs of days (the last open-ended), filled for every patient who has a plan or a flag

Revision ID: a5f7f5228ee5
Revises: 9c0bbccee53a
Create Date: 2026-12-02 13:53:46.272013

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a5f7f5228ee5'
down_revision = '9c0bbccee53a'
branch_labels = None
depends_on = None


def upgrade():
    # The primary key (patient_id, starts_on) is the index the dashboard looks a patient up by.
    op.create_table(
        "patient_attention",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("urgency", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on",
            name=op.f("ck_patient_attention_ends_after_start"),
        ),
        sa.CheckConstraint(
            "urgency BETWEEN 0 AND 4", name=op.f("ck_patient_attention_urgency_range")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["users.id"],
            name=op.f("fk_patient_attention_patient_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("patient_id", "starts_on", name=op.f("pk_patient_attention")),
    )
    # Filled by the latest migration that changes this table (7d1f0b6a2c54): the filling is
    # the portal's own code, which writes the table as the models have it at the head.


def downgrade():
    op.drop_table("patient_attention")
