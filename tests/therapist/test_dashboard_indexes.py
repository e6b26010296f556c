"""What every dashboard asks of PostgreSQL, answered from indexes whose size follows the page,
not the history: which patients a therapist treats (a plan or an appointment with them), from
care_relationships' primary key, one entry per patient, never from the appointments (a
thousand a year for a therapist); and who has an open safety flag, from an index of the open
flags alone, never from every flag ever raised.

A test database holds a few rows, which a sequential scan (or a bitmap of them) reads
fastest: with those turned off the planner shows the best it can do from indexes when the
tables are large. Vacuumed, as they are in use: an index-only scan skips the rows only where
the visibility map says it may (a new table's does not yet)."""

import pytest
from sqlalchemy import select, text

from portal.accounts.scope import patients_treated_by
from portal.db_types import utcnow
from portal.extensions import db
from portal.safety.models import FlagKind, SafetyFlag
from portal.therapist import dashboard


def _scans(plan: dict) -> list[tuple[str, str, str | None]]:
    """(node type, table, index) of each scan in EXPLAIN's JSON plan."""
    found = []
    if "Relation Name" in plan:
        found.append((plan["Node Type"], plan["Relation Name"], plan.get("Index Name")))
    for child in plan.get("Plans", ()):
        found.extend(_scans(child))
    return found


def test_the_patients_a_therapist_treats_are_read_from_an_index_alone(app, make):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL plan; SQLite has no index-only scans to ask for")
    therapist = make.therapist()
    make.plan(make.patient(name="Asha Rao"), therapist)
    statement = patients_treated_by(therapist.id).compile(
        db.engine, compile_kwargs={"literal_binds": True}
    )
    assert _index_scans(statement, "care_relationships") == {
        "care_relationships": ("Index Only Scan", "pk_care_relationships")
    }


def test_who_has_an_open_flag_is_read_from_the_open_flags_alone(app, make):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL plan; SQLite has no index-only scans to ask for")
    patient = make.patient()
    db.session.add_all(
        SafetyFlag(patient_id=patient.id, kind=FlagKind.SHARP_PAIN, details="Stopped.",
                   acknowledged_at=acknowledged)
        for acknowledged in (None, utcnow())
    )  # fmt: skip
    db.session.commit()
    has_open = select(SafetyFlag.patient_id).where(
        SafetyFlag.patient_id == patient.id, SafetyFlag.is_open
    )
    statement = has_open.compile(db.engine, compile_kwargs={"literal_binds": True})
    assert _index_scans(statement, "safety_flags") == {
        "safety_flags": ("Index Only Scan", "ix_safety_flags_open_patient_id")
    }


def _index_scans(statement, table: str) -> dict[str, tuple[str, str | None]]:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"VACUUM (ANALYZE) {table}"))
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    db.session.execute(text("SET LOCAL enable_bitmapscan = off"))
    plan = db.session.execute(text(f"EXPLAIN (FORMAT JSON) {statement}")).scalar_one()[0]
    return {table: (node, index) for node, table, index in _scans(plan["Plan"])}


def test_an_admins_page_reads_every_patients_rank_from_an_index_alone(app, make, today):
    """Not users, role grants and rows joined whole (40 ms for 20,000 patients): the day's
    rows in the page's order, off ix_patient_attention_rank."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL plan; SQLite has no index-only scans to ask for")
    for name in ("Asha Rao", "Bala Iyer"):
        make.patient(name=name)
    db.session.commit()
    page = dashboard._every_stored_page_statement().params(today=today, offset=0)
    statement = page.compile(db.engine, compile_kwargs={"literal_binds": True})
    assert ("Index Only Scan", "patient_attention", "ix_patient_attention_rank") in _all_scans(
        statement, "patient_attention"
    )


def _all_scans(statement, table: str) -> list[tuple[str, str, str | None]]:
    _index_scans(statement, table)  # vacuumed, sequential scans and bitmaps off
    # A few rows sort for nothing: asked not to, the planner shows whether an index holds
    # them in the page's order.
    db.session.execute(text("SET LOCAL enable_sort = off"))
    plan = db.session.execute(text(f"EXPLAIN (FORMAT JSON) {statement}")).scalar_one()[0]
    return _scans(plan["Plan"])


def test_a_deep_page_looks_up_the_names_of_its_own_rows_only(app, make, today):
    """Not of every row its OFFSET skips (10,000 of them on an admin's page 400)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL plan's loops")
    for number in range(dashboard.PAGE_SIZE + 3):
        make.patient(name=f"Patient {number:02}")
    db.session.commit()
    second_page = dashboard._every_stored_page_statement().params(
        today=today, offset=dashboard.PAGE_SIZE
    )
    statement = second_page.compile(db.engine, compile_kwargs={"literal_binds": True})
    analysed = db.session.execute(text(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}"))
    assert _loops_over(analysed.scalar_one()[0]["Plan"], "users") == 3


def _loops_over(plan: dict, table: str) -> int:
    """How many times the plan read `table` (its scans' loops, summed)."""
    loops = plan["Actual Loops"] if plan.get("Relation Name") == table else 0
    return loops + sum(_loops_over(child, table) for child in plan.get("Plans", ()))
