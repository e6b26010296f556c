"""treatment notes (SOAP and the back-pain examination) and their addenda; the database
refuses to change a signed note or an addendum, and an addendum under a draft

Revision ID: dee85f35028d
Revises: f6c30bcdcf60
Create Date: 2026-12-02 13:53:19.521924

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dee85f35028d'
down_revision = 'f6c30bcdcf60'
branch_labels = None
depends_on = None

# Row triggers on UPDATE and INSERT only: deleting rows (tests emptying tables, a future
# retention job) stays possible, rewriting what was signed does not.
SQLITE_TRIGGERS = (
    """CREATE TRIGGER treatment_notes_signed_locked BEFORE UPDATE ON treatment_notes
       WHEN OLD.signed_at IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'a signed treatment note is locked: add an addendum'); END""",
    """CREATE TRIGGER treatment_note_addenda_locked BEFORE UPDATE ON treatment_note_addenda
       BEGIN SELECT RAISE(ABORT, 'an addendum is locked once signed'); END""",
    """CREATE TRIGGER treatment_note_addenda_signed_note BEFORE INSERT ON treatment_note_addenda
       WHEN (SELECT signed_at FROM treatment_notes WHERE id = NEW.note_id) IS NULL
       BEGIN SELECT RAISE(ABORT, 'an addendum belongs under a signed note'); END""",
)
POSTGRESQL_TRIGGERS = (
    """CREATE FUNCTION refuse_signed_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '% is locked once signed', TG_TABLE_NAME
           USING ERRCODE = 'integrity_constraint_violation';
       END $$""",
    """CREATE FUNCTION refuse_addendum_under_draft() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF (SELECT signed_at FROM treatment_notes WHERE id = NEW.note_id) IS NULL THEN
           RAISE EXCEPTION 'an addendum belongs under a signed note'
             USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER treatment_notes_signed_locked BEFORE UPDATE ON treatment_notes
       FOR EACH ROW WHEN (OLD.signed_at IS NOT NULL) EXECUTE FUNCTION refuse_signed_note_change()""",
    """CREATE TRIGGER treatment_note_addenda_locked BEFORE UPDATE ON treatment_note_addenda
       FOR EACH ROW EXECUTE FUNCTION refuse_signed_note_change()""",
    """CREATE TRIGGER treatment_note_addenda_signed_note BEFORE INSERT ON treatment_note_addenda
       FOR EACH ROW EXECUTE FUNCTION refuse_addendum_under_draft()""",
)


def upgrade():
    op.create_table(
        'treatment_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('appointment_id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('subjective', sa.Text(), nullable=False),
        sa.Column('objective', sa.Text(), nullable=False),
        sa.Column('assessment', sa.Text(), nullable=False),
        sa.Column('plan', sa.Text(), nullable=False),
        sa.Column('pain_now', sa.SmallInteger(), nullable=True),
        sa.Column('pain_worst', sa.SmallInteger(), nullable=True),
        sa.Column('findings', sa.JSON(), nullable=False),
        sa.Column('summary', sa.Text(), nullable=True),
        sa.Column('share_summary', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint('NOT share_summary OR summary IS NOT NULL', name=op.f('ck_treatment_notes_shared_has_summary')),
        sa.CheckConstraint('pain_now BETWEEN 0 AND 10', name=op.f('ck_treatment_notes_pain_now_range')),
        sa.CheckConstraint('pain_worst BETWEEN 0 AND 10', name=op.f('ck_treatment_notes_pain_worst_range')),
        sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], name=op.f('fk_treatment_notes_appointment_id_appointments')),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_treatment_notes_author_id_users')),
        sa.ForeignKeyConstraint(['patient_id'], ['users.id'], name=op.f('fk_treatment_notes_patient_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_treatment_notes')),
        sa.UniqueConstraint('appointment_id', name=op.f('uq_treatment_notes_appointment_id')),
    )
    op.create_index('ix_treatment_notes_author_id', 'treatment_notes', ['author_id'])
    op.create_index('ix_treatment_notes_patient_id', 'treatment_notes', ['patient_id'])
    op.create_table(
        'treatment_note_addenda',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('note_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('signed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_treatment_note_addenda_author_id_users')),
        sa.ForeignKeyConstraint(['note_id'], ['treatment_notes.id'], name=op.f('fk_treatment_note_addenda_note_id_treatment_notes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_treatment_note_addenda')),
    )
    op.create_index('ix_treatment_note_addenda_author_id', 'treatment_note_addenda', ['author_id'])
    op.create_index('ix_treatment_note_addenda_note_id', 'treatment_note_addenda', ['note_id'])
    triggers = POSTGRESQL_TRIGGERS if op.get_bind().dialect.name == 'postgresql' else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade():
    # Dropping the tables drops their triggers; PostgreSQL's functions go by themselves.
    op.drop_index('ix_treatment_note_addenda_note_id', table_name='treatment_note_addenda')
    op.drop_index('ix_treatment_note_addenda_author_id', table_name='treatment_note_addenda')
    op.drop_table('treatment_note_addenda')
    op.drop_index('ix_treatment_notes_patient_id', table_name='treatment_notes')
    op.drop_index('ix_treatment_notes_author_id', table_name='treatment_notes')
    op.drop_table('treatment_notes')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION refuse_addendum_under_draft()')
        op.execute('DROP FUNCTION refuse_signed_note_change()')
