"""messages between patients and their treating therapists: one thread per treatment plan

Revision ID: 2d6800722755
Revises: 4276d0389a7e
Create Date: 2026-12-02 13:53:21.595405

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2d6800722755'
down_revision = '4276d0389a7e'
branch_labels = None
depends_on = None

UNREAD = sa.text("read_at IS NULL")


def upgrade():
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("length(body) BETWEEN 1 AND 2000", name=op.f("ck_messages_body_length")),
        sa.ForeignKeyConstraint(["patient_id"], ["users.id"], name=op.f("fk_messages_patient_id_users")),
        sa.ForeignKeyConstraint(["plan_id"], ["treatment_plans.id"], name=op.f("fk_messages_plan_id_treatment_plans")),
        sa.ForeignKeyConstraint(["sender_id"], ["users.id"], name=op.f("fk_messages_sender_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    # A thread in order; and the navigation's unread count, over unread rows only.
    op.create_index("ix_messages_plan_id_id", "messages", ["plan_id", "id"])
    op.create_index(
        "ix_messages_unread_patient_id", "messages", ["patient_id", "sender_id"],
        postgresql_where=UNREAD, sqlite_where=UNREAD,
    )


def downgrade():
    op.drop_index("ix_messages_unread_patient_id", table_name="messages")
    op.drop_index("ix_messages_plan_id_id", table_name="messages")
    op.drop_table("messages")
