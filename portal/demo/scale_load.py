"""Writing chain-sized data: reference data first, then scale.py's rows in bulk.

Rows go in with SQLAlchemy Core `insert()` in chunks, or with COPY on PostgreSQL (several
times faster for millions of practice logs), in one transaction: a failed run leaves nothing.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable
from datetime import date

from psycopg.types.json import Json
from sqlalchemy import JSON, Connection, Table, func, select, text

from portal.accounts.models import RoleGrant, User
from portal.accounts.passwords import hash_password
from portal.accounts.roles import Role
from portal.booking.models import Service, ServiceKind
from portal.centres.models import Centre, City
from portal.demo.data import DEMO_PASSWORD
from portal.demo.scale import (
    EMAIL_DOMAIN,
    CentreRef,
    ChainSize,
    ItemRef,
    Reference,
    ServiceRef,
    TemplateRef,
    chain_centres,
    plan_chain,
)
from portal.demo.seed import ensure_centre, seed_reference_data
from portal.extensions import db
from portal.programs.attention_summary import refresh_everyone
from portal.programs.models import PatientAttention, ProgramTemplate

INSERT_CHUNK = 5_000


class DatabaseHasPatients(Exception):
    """Refused: generated patients would mix with real (or earlier) ones."""


def load_chain(size: ChainSize, today: date, append: bool = False) -> Counter:
    """Makes the chain's data; returns the number of rows written per table."""
    if not append and db.session.scalar(
        select(RoleGrant.user_id).where(RoleGrant.role == Role.PATIENT).limit(1)
    ):
        raise DatabaseHasPatients
    network = chain_centres()
    if size.centres > len(network):
        raise ValueError(f"the chain has at most {len(network)} centres")
    seed_reference_data()
    ref = _reference(size, today, network[: size.centres])
    db.session.commit()  # end the session's read, so it sees the rows written beside it
    written: Counter[str] = Counter()
    with db.engine.begin() as connection:
        for table_name, rows in plan_chain(size, ref):
            if rows:
                _write(connection, db.metadata.tables[table_name], rows)
                written[table_name] += len(rows)
        if connection.dialect.name == "postgresql":
            _after_explicit_ids(connection, written)
    # Written in bulk, past the session: the dashboard's ranking rows are worked out after.
    refresh_everyone()
    written["patient_attention"] = (
        db.session.scalar(select(func.count()).select_from(PatientAttention)) or 0
    )
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # care_relationships is written by the database's triggers, as the rows went in.
        _vacuum([*written, "patient_attention", "care_relationships"])
    return written


def _vacuum(table_names: Iterable[str]) -> None:
    """Leave the tables as a running database's autovacuum would: statistics for the planner
    at the data's real size, and a visibility map, without which every index-only scan reads
    the table too (and a benchmark would measure that)."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table_name in dict.fromkeys(table_names):
            connection.execute(text(f'VACUUM (ANALYZE) "{table_name}"'))


def sample_accounts() -> dict[Role, str | None]:
    """A generated account of each role, to log in with and look around."""
    return {
        role: db.session.scalar(
            select(User.email)
            .join(RoleGrant)
            .where(RoleGrant.role == role, User.email.like(f"%@{EMAIL_DOMAIN}"))
            .order_by(User.id)
            .limit(1)
        )
        for role in (Role.THERAPIST, Role.DESK, Role.PATIENT)
    }


def _reference(size: ChainSize, today: date, network: list[tuple[str, dict]]) -> Reference:
    cities = {city.slug: city for city in db.session.scalars(select(City))}
    for city_slug, data in network:
        ensure_centre(cities[city_slug], data)
    db.session.commit()
    centres = {centre.slug: centre for centre in db.session.scalars(select(Centre))}
    templates = db.session.scalars(select(ProgramTemplate).order_by(ProgramTemplate.name))
    services = db.session.scalars(
        select(Service)
        .where(Service.kind == ServiceKind.OUTPATIENT, Service.active)
        .order_by(Service.slug)
    )
    # One hash for every generated account (hashing 20,000 passwords would take minutes),
    # salted from the seed so that the same arguments make the same rows.
    salt = hashlib.sha256(f"scale-{size.seed}".encode()).digest()[:16]
    return Reference(
        centres=[
            _centre_ref(centres[data["slug"]], cities[city_slug]) for city_slug, data in network
        ],
        templates=[
            TemplateRef(template.name, tuple(_item_ref(item) for item in template.items))
            for template in templates
        ],
        services=[ServiceRef(s.id, s.duration_minutes, s.buffer_minutes) for s in services],
        password_hash=hash_password(DEMO_PASSWORD, salt=salt),
        today=today,
        first_ids=_next_ids(),
    )


def _centre_ref(centre: Centre, city: City) -> CentreRef:
    return CentreRef(centre.id, centre.slug, city.id, city.slug, city.timezone)


def _item_ref(item) -> ItemRef:
    return ItemRef(
        technique_id=item.technique_id, position=item.position, hold_seconds=item.hold_seconds,
        side=item.side.value, sets=item.sets, reps=item.reps, times_per_day=item.times_per_day,
        weekdays_mask=item.weekdays_mask, patient_note=item.patient_note,
    )  # fmt: skip


def _next_ids() -> dict[str, int]:
    """The first free id of every table with an `id` column, so --append adds after them."""
    return {
        table.name: (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
        for table in db.metadata.sorted_tables
        if "id" in table.c
    }


def _write(connection: Connection, table: Table, rows: list[dict]) -> None:
    if connection.dialect.name != "postgresql":
        for start in range(0, len(rows), INSERT_CHUNK):
            connection.execute(table.insert(), rows[start : start + INSERT_CHUNK])
        return
    columns = list(rows[0])
    json_columns = {name for name in columns if isinstance(table.c[name].type, JSON)}
    quoted = ", ".join(f'"{name}"' for name in columns)
    driver = connection.connection.driver_connection
    if driver is None:
        raise RuntimeError("the connection was closed before COPY")
    cursor = driver.cursor()
    with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(
                [
                    Json(row[name]) if name in json_columns and row[name] is not None else row[name]
                    for name in columns
                ]
            )


def _after_explicit_ids(connection: Connection, written: Iterable[str]) -> None:
    """Ids were given explicitly: move each sequence past them."""
    for table_name in written:
        if "id" in db.metadata.tables[table_name].c:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "  # noqa: S608
                    f'(SELECT max(id) FROM "{table_name}"))'
                )
            )
