"""outcome measures and discharge: ODI answers, discharge summaries and their outcomes

Revision ID: f6c30bcdcf60
Revises: f89dd8e2dde9
Create Date: 2026-12-02 13:53:55

odi_responses: one Oswestry questionnaire a patient-day, each section's statement 0-5 (NULL:
left out). discharge_summaries: one per plan, written when the therapist completes it.
discharge_outcomes: each measure at the plan's start and end, copied at discharge.
"""

import sqlalchemy as sa
from alembic import op

revision = "f6c30bcdcf60"
down_revision = "f89dd8e2dde9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "odi_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pain_intensity", sa.SmallInteger(), nullable=True),
        sa.Column("personal_care", sa.SmallInteger(), nullable=True),
        sa.Column("lifting", sa.SmallInteger(), nullable=True),
        sa.Column("walking", sa.SmallInteger(), nullable=True),
        sa.Column("sitting", sa.SmallInteger(), nullable=True),
        sa.Column("standing", sa.SmallInteger(), nullable=True),
        sa.Column("sleeping", sa.SmallInteger(), nullable=True),
        sa.Column("sex_life", sa.SmallInteger(), nullable=True),
        sa.Column("social_life", sa.SmallInteger(), nullable=True),
        sa.Column("travelling", sa.SmallInteger(), nullable=True),
        sa.CheckConstraint("lifting BETWEEN 0 AND 5", name=op.f("ck_odi_responses_lifting_range")),
        sa.CheckConstraint(
            "pain_intensity BETWEEN 0 AND 5", name=op.f("ck_odi_responses_pain_intensity_range")
        ),
        sa.CheckConstraint(
            "personal_care BETWEEN 0 AND 5", name=op.f("ck_odi_responses_personal_care_range")
        ),
        sa.CheckConstraint(
            "sex_life BETWEEN 0 AND 5", name=op.f("ck_odi_responses_sex_life_range")
        ),
        sa.CheckConstraint("sitting BETWEEN 0 AND 5", name=op.f("ck_odi_responses_sitting_range")),
        sa.CheckConstraint(
            "sleeping BETWEEN 0 AND 5", name=op.f("ck_odi_responses_sleeping_range")
        ),
        sa.CheckConstraint(
            "social_life BETWEEN 0 AND 5", name=op.f("ck_odi_responses_social_life_range")
        ),
        sa.CheckConstraint(
            "standing BETWEEN 0 AND 5", name=op.f("ck_odi_responses_standing_range")
        ),
        sa.CheckConstraint(
            "travelling BETWEEN 0 AND 5", name=op.f("ck_odi_responses_travelling_range")
        ),
        sa.CheckConstraint("walking BETWEEN 0 AND 5", name=op.f("ck_odi_responses_walking_range")),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["users.id"], name=op.f("fk_odi_responses_patient_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_odi_responses")),
        sa.UniqueConstraint(
            "patient_id", "taken_on", name=op.f("uq_odi_responses_patient_id_taken_on")
        ),
    )
    op.create_table(
        "discharge_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=False),
        sa.Column("discharged_on", sa.Date(), nullable=False),
        sa.Column("home_advice", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["treatment_plans.id"],
            name=op.f("fk_discharge_summaries_plan_id_treatment_plans"),
        ),
        sa.ForeignKeyConstraint(
            ["written_by_id"], ["users.id"], name=op.f("fk_discharge_summaries_written_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discharge_summaries")),
        sa.UniqueConstraint("plan_id", name=op.f("uq_discharge_summaries_plan_id")),
    )
    op.create_table(
        "discharge_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column(
            "measure",
            sa.Enum(
                "odi",
                "psfs",
                "pain",
                name="outcome_measure",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("start_value", sa.Float(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_value", sa.Float(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "(end_on IS NULL) = (end_value IS NULL)",
            name=op.f("ck_discharge_outcomes_end_complete"),
        ),
        sa.CheckConstraint(
            "end_on IS NULL OR end_on > start_on",
            name=op.f("ck_discharge_outcomes_end_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["summary_id"],
            ["discharge_summaries.id"],
            name=op.f("fk_discharge_outcomes_summary_id_discharge_summaries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discharge_outcomes")),
        sa.UniqueConstraint(
            "summary_id", "measure", name=op.f("uq_discharge_outcomes_summary_id_measure")
        ),
    )


def downgrade():
    op.drop_table("discharge_outcomes")
    op.drop_table("discharge_summaries")
    op.drop_table("odi_responses")
