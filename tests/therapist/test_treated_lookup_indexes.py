"""Every dashboard of a therapist asks which patients they treat (a plan or an appointment
with them): on PostgreSQL that is answered from care_relationships' primary key alone, one
entry per patient, never from the appointments (a thousand a year for a therapist)."""

import pytest
from sqlalchemy import text

from portal.accounts.scope import patients_treated_by
from portal.extensions import db


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
    # A test database holds a few rows, which a sequential scan (or a bitmap of them) reads
    # fastest: without those the planner shows the best it can do from indexes when the
    # tables are large. Vacuumed, as they are in use: an index-only scan skips the rows only
    # where the visibility map says it may (a new table's does not yet).
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM (ANALYZE) care_relationships"))
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    db.session.execute(text("SET LOCAL enable_bitmapscan = off"))
    plan = db.session.execute(text(f"EXPLAIN (FORMAT JSON) {statement}")).scalar_one()[0]
    scans = {table: (node, index) for node, table, index in _scans(plan["Plan"])}
    assert scans == {"care_relationships": ("Index Only Scan", "pk_care_relationships")}
