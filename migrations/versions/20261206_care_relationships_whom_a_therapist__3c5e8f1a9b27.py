"""care relationships: whom a therapist treats, counted by triggers

A therapist treats the patients they have a plan or an appointment with (any status). Asked
of the plans and appointments, that read every appointment the therapist ever had (a
thousand a year) on each dashboard. care_relationships holds one row per (therapist,
patient) with how many plans and appointments they share; triggers on both tables count a
row in when it is written, out when it is deleted, and out and in again when it moves to
another therapist or patient, and drop the pair when both counts reach nought. Counts, not
a check of what is left: two transactions, one adding the pair's second appointment and one
deleting its first, cannot both miss the other (the row's lock orders them).

The triggers belong to the two tables: on SQLite a later migration that rebuilds either
(batch_alter_table copies it and drops the old one) drops them too, and must create them
again (tests/test_migrations.py checks they are there at head). TRUNCATE fires no row
trigger: on PostgreSQL a statement trigger counts the pairs again after one.

Revision ID: 3c5e8f1a9b27
Revises: ad67d49247cb
Create Date: 2026-12-06 04:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c5e8f1a9b27"
down_revision = "ad67d49247cb"
branch_labels = None
depends_on = None

# Each table whose rows make a therapist treat a patient, and the count it keeps.
COUNTED = (("treatment_plans", "plans"), ("appointments", "appointments"))

# The pairs the rows make, counted from scratch.
RECOUNT = """
INSERT INTO care_relationships (therapist_id, patient_id, plans, appointments)
SELECT therapist_id, patient_id, sum(plans), sum(appointments) FROM (
    SELECT therapist_id, patient_id, 1 AS plans, 0 AS appointments FROM treatment_plans
    UNION ALL
    SELECT therapist_id, patient_id, 0, 1 FROM appointments
) AS shared
GROUP BY therapist_id, patient_id
"""

POSTGRESQL_RECOUNT_FUNCTION = f"""
CREATE FUNCTION recount_care() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM care_relationships;
    {RECOUNT};
    RETURN NULL;
END
$$
"""

POSTGRESQL_FUNCTION = """
CREATE FUNCTION count_care_{counter}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE care_relationships SET {counter} = {counter} - 1
        WHERE therapist_id = OLD.therapist_id AND patient_id = OLD.patient_id;
        DELETE FROM care_relationships
        WHERE therapist_id = OLD.therapist_id AND patient_id = OLD.patient_id
            AND plans = 0 AND appointments = 0;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO care_relationships AS pair (therapist_id, patient_id, plans, appointments)
        VALUES (NEW.therapist_id, NEW.patient_id, {new_plans}, {new_appointments})
        ON CONFLICT (therapist_id, patient_id)
        DO UPDATE SET {counter} = pair.{counter} + 1;
    END IF;
    RETURN NULL;
END
$$
"""

POSTGRESQL_TRIGGERS = (
    "CREATE TRIGGER count_care_{table} AFTER INSERT ON {table}"
    " FOR EACH ROW EXECUTE FUNCTION count_care_{counter}()",
    "CREATE TRIGGER count_care_removed_{table} AFTER DELETE ON {table}"
    " FOR EACH ROW EXECUTE FUNCTION count_care_{counter}()",
    "CREATE TRIGGER count_care_moved_{table} AFTER UPDATE OF therapist_id, patient_id ON {table}"
    " FOR EACH ROW WHEN (OLD.therapist_id IS DISTINCT FROM NEW.therapist_id"
    " OR OLD.patient_id IS DISTINCT FROM NEW.patient_id)"
    " EXECUTE FUNCTION count_care_{counter}()",
)
POSTGRESQL_AFTER_TRUNCATE = (
    "CREATE TRIGGER recount_care_{table} AFTER TRUNCATE ON {table}"
    " FOR EACH STATEMENT EXECUTE FUNCTION recount_care()"
)
TRIGGER_NAMES = ("count_care_{table}", "count_care_removed_{table}", "count_care_moved_{table}")

# SQLite's triggers hold plain statements: one for each of the three events.
SQLITE_COUNT_IN = """
INSERT INTO care_relationships (therapist_id, patient_id, plans, appointments)
VALUES (NEW.therapist_id, NEW.patient_id, {new_plans}, {new_appointments})
ON CONFLICT (therapist_id, patient_id) DO UPDATE SET {counter} = {counter} + 1;
"""
SQLITE_COUNT_OUT = """
UPDATE care_relationships SET {counter} = {counter} - 1
WHERE therapist_id = OLD.therapist_id AND patient_id = OLD.patient_id;
DELETE FROM care_relationships
WHERE therapist_id = OLD.therapist_id AND patient_id = OLD.patient_id
    AND plans = 0 AND appointments = 0;
"""
SQLITE_TRIGGERS = (
    "CREATE TRIGGER count_care_{table} AFTER INSERT ON {table} BEGIN {count_in} END",
    "CREATE TRIGGER count_care_removed_{table} AFTER DELETE ON {table} BEGIN {count_out} END",
    "CREATE TRIGGER count_care_moved_{table} AFTER UPDATE OF therapist_id, patient_id"
    " ON {table} WHEN OLD.therapist_id IS NOT NEW.therapist_id"
    " OR OLD.patient_id IS NOT NEW.patient_id BEGIN {count_out} {count_in} END",
)


def upgrade():
    op.create_table(
        "care_relationships",
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("plans", sa.Integer(), nullable=False),
        sa.Column("appointments", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "plans >= 0 AND appointments >= 0",
            name=op.f("ck_care_relationships_counts_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["users.id"], name=op.f("fk_care_relationships_patient_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"], ["users.id"], name=op.f("fk_care_relationships_therapist_id_users")
        ),
        sa.PrimaryKeyConstraint("therapist_id", "patient_id", name=op.f("pk_care_relationships")),
    )
    postgresql = op.get_context().dialect.name == "postgresql"
    if postgresql:
        # The previous release keeps writing meanwhile. Its writes in flight are finished,
        # and new ones wait, until the triggers are in place: the count below reads a
        # snapshot, and a write committed after it would be in neither the count nor a
        # trigger. (On SQLite the migration's first write already waits for, then holds,
        # the database's one write lock.)
        op.execute("LOCK TABLE treatment_plans, appointments IN SHARE ROW EXCLUSIVE MODE")
        op.execute(POSTGRESQL_RECOUNT_FUNCTION)
    op.execute(RECOUNT)  # the pairs there are now; the triggers keep them from here on
    for table, counter in COUNTED:
        values = _counted_values(counter)
        if postgresql:
            op.execute(POSTGRESQL_FUNCTION.format(counter=counter, **values))
            for trigger in POSTGRESQL_TRIGGERS:
                op.execute(trigger.format(table=table, counter=counter))
            op.execute(POSTGRESQL_AFTER_TRUNCATE.format(table=table))
        else:
            count_in = SQLITE_COUNT_IN.format(counter=counter, **values)
            count_out = SQLITE_COUNT_OUT.format(counter=counter)
            for trigger in SQLITE_TRIGGERS:
                op.execute(trigger.format(table=table, count_in=count_in, count_out=count_out))


def downgrade():
    postgresql = op.get_context().dialect.name == "postgresql"
    for table, counter in COUNTED:
        for name in TRIGGER_NAMES:
            on_table = f" ON {table}" if postgresql else ""  # SQLite's names are its own
            op.execute(f"DROP TRIGGER {name.format(table=table)}{on_table}")
        if postgresql:
            op.execute(f"DROP TRIGGER recount_care_{table} ON {table}")
            op.execute(f"DROP FUNCTION count_care_{counter}()")
    if postgresql:
        op.execute("DROP FUNCTION recount_care()")
    op.drop_table("care_relationships")


def _counted_values(counter: str) -> dict[str, int]:
    """A new row's counts: one of the kind the trigger's table holds, none of the other."""
    return {
        "new_plans": int(counter == "plans"),
        "new_appointments": int(counter == "appointments"),
    }
