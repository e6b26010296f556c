"""The busy lists write their LIMIT and OFFSET into the SQL text (portal/statements.py): sent
as parameters, PostgreSQL plans those statements afresh on every request instead of keeping
one plan for them."""

import re

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, event, select

from portal.extensions import db
from portal.statements import bound_row_count, row_count
from tests.test_query_counts import counted_statements

# A LIMIT or OFFSET followed by a placeholder (psycopg's style).
SENT_AS_PARAMETER = re.compile(r"\b(LIMIT|OFFSET)\s+%\(")
WRITTEN_IN = re.compile(r"\bLIMIT\s+\d+(\s+OFFSET\s+\d+)?")


def test_row_counts_are_written_into_the_text_each_time_the_statement_runs():
    engine = create_engine("sqlite://")
    rows = Table("rows", MetaData(), Column("id", Integer, primary_key=True))
    rows.metadata.create_all(engine)
    sent = []
    event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    statement = (
        select(rows.c.id).order_by(rows.c.id).offset(bound_row_count("offset")).limit(row_count(3))
    )
    with engine.begin() as connection:
        connection.execute(rows.insert(), [{"id": number} for number in range(1, 11)])
        sent.clear()
        first = connection.scalars(statement, {"offset": 0}).all()
        later = connection.scalars(statement, {"offset": 6}).all()
    assert (first, later) == ([1, 2, 3], [7, 8, 9])
    assert [re.search(r"LIMIT \S+ OFFSET \S+", text).group() for text in sent] == [
        "LIMIT 3 OFFSET 0",
        "LIMIT 3 OFFSET 6",
    ]


def _list_statements(client, url):
    with counted_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return statements


@pytest.fixture
def busy_lists(make):
    city = make.city("Bengaluru")
    centre = make.centre(city, "Indiranagar", slug="blr-indiranagar")
    therapist = make.therapist(centre)
    for number in range(30):  # more than a page of the dashboard
        make.plan(make.patient(name=f"Patient {number:02}"), therapist)
    make.callback(city)
    return {"therapist": therapist, "desk": make.desk(city), "admin": make.admin()}


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("therapist", "/therapist/"),
        ("therapist", "/therapist/?page=2"),
        ("admin", "/therapist/?page=2"),
        ("desk", "/desk/"),
        ("admin", "/admin/audit/"),
        ("admin", "/admin/staff"),
    ],
)
def test_busy_lists_send_no_row_count_as_a_parameter(client, login_as, busy_lists, who, url):
    if db.engine.dialect.name != "postgresql":
        # SQLAlchemy writes SQLite's missing LIMIT (-1) or OFFSET (0) as a parameter of its
        # own; SQLite keeps no plans between statements for it to matter.
        pytest.skip("PostgreSQL's plan cache")
    login_as(busy_lists[who])
    client.get(url)  # the first visit writes what later ones list (the audit log)
    statements = _list_statements(client, url)
    paged = [statement for statement in statements if WRITTEN_IN.search(statement)]
    assert paged, f"{url} ran no statement with a LIMIT"
    assert [s for s in statements if SENT_AS_PARAMETER.search(s)] == []
