"""Run `flask db upgrade` and `flask db check` against a brand-new PostgreSQL database.

Usage: python scripts/fresh-postgres-check.py postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

import os
import subprocess
import sys
import uuid

import psycopg
from sqlalchemy.engine import make_url


def main(server_url: str) -> None:
    url = make_url(server_url)
    name = f"portal_check_{uuid.uuid4().hex[:8]}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {**os.environ, "DATABASE_URL": url.set(database=name).render_as_string(False)}
        flask = [sys.executable, "-m", "flask", "--app", "wsgi", "db"]
        subprocess.run([*flask, "upgrade"], env=env, check=True)  # noqa: S603
        subprocess.run([*flask, "check"], env=env, check=True)  # noqa: S603
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main(sys.argv[1])
