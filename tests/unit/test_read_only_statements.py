"""Which statements the SQLite write guard takes for reads: anything else counts as a write."""

import pytest

from portal.transactions import is_read_only


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT 1",
        "  select * from users",
        "BEGIN",
        "PRAGMA foreign_keys=ON",
        "WITH recent AS (SELECT id FROM users) SELECT id FROM recent",
        "with recursive days(d) as (select 1 union all select d + 1 from days) select d from days",
        "WITH t AS (SELECT deleted_at, updated_at FROM users) SELECT * FROM t",
    ],
)
def test_reads(statement):
    assert is_read_only(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO users (name) VALUES ('x')",
        "UPDATE users SET name = 'x'",
        "DELETE FROM users",
        "WITH t AS (SELECT 1 AS id) INSERT INTO users (id) SELECT id FROM t",
        "WITH t AS (SELECT 1 AS id) UPDATE users SET name = 'x' WHERE id IN (SELECT id FROM t)",
        "with t as (select 1 as id) delete from users where id in (select id from t)",
        "WITH t AS (SELECT 1 AS id) REPLACE INTO users (id) SELECT id FROM t",
        "CREATE TABLE scratch (note TEXT)",
    ],
)
def test_writes(statement):
    assert not is_read_only(statement)
