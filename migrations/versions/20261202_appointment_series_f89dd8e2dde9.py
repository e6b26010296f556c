"""appointment series: a course of sessions booked at once (from a treatment plan); each of
its appointments names it

Revision ID: f89dd8e2dde9
Revises: 2d6800722755
Create Date: 2026-12-02 13:51:48.245019

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f89dd8e2dde9'
down_revision = '2d6800722755'
branch_labels = None
depends_on = None

SERIES_FK = 'fk_appointments_series_id_appointment_series'


def upgrade():
    op.create_table(
        'appointment_series',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('therapist_id', sa.Integer(), nullable=False),
        sa.Column('centre_id', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=True),
        sa.Column('booked_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['booked_by_id'], ['users.id'], name=op.f('fk_appointment_series_booked_by_id_users')),
        sa.ForeignKeyConstraint(['centre_id'], ['centres.id'], name=op.f('fk_appointment_series_centre_id_centres')),
        sa.ForeignKeyConstraint(['patient_id'], ['users.id'], name=op.f('fk_appointment_series_patient_id_users')),
        sa.ForeignKeyConstraint(['plan_id'], ['treatment_plans.id'], name=op.f('fk_appointment_series_plan_id_treatment_plans')),
        sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_appointment_series_service_id_services')),
        sa.ForeignKeyConstraint(['therapist_id'], ['users.id'], name=op.f('fk_appointment_series_therapist_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment_series')),
    )
    op.create_index(op.f('ix_appointment_series_patient_id'), 'appointment_series', ['patient_id'])
    op.create_index(op.f('ix_appointment_series_plan_id'), 'appointment_series', ['plan_id'])
    # Not batch mode: SQLite adds a nullable column with its REFERENCES in place, so the
    # appointments table (its partial unique index, PostgreSQL's exclusion constraints) is
    # never copied.
    if op.get_bind().dialect.name == 'sqlite':  # Alembic's add_column would refuse the FK
        op.execute(
            f'ALTER TABLE appointments ADD COLUMN series_id INTEGER '
            f'CONSTRAINT {SERIES_FK} REFERENCES appointment_series (id)'
        )
    else:
        op.add_column('appointments', sa.Column('series_id', sa.Integer(), nullable=True))
        op.create_foreign_key(SERIES_FK, 'appointments', 'appointment_series', ['series_id'], ['id'])
    op.create_index(op.f('ix_appointments_series_id'), 'appointments', ['series_id'])


def downgrade():
    op.drop_index(op.f('ix_appointments_series_id'), table_name='appointments')
    if op.get_bind().dialect.name != 'sqlite':  # SQLite drops the column with its REFERENCES
        op.drop_constraint(SERIES_FK, 'appointments', type_='foreignkey')
    op.drop_column('appointments', 'series_id')
    op.drop_index(op.f('ix_appointment_series_plan_id'), table_name='appointment_series')
    op.drop_index(op.f('ix_appointment_series_patient_id'), table_name='appointment_series')
    op.drop_table('appointment_series')
