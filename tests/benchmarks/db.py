"""The benchmark's own databases: made at the start, dropped at the end.

Everything here talks to the server's maintenance database ("postgres") with psycopg, outside
Django, because a database cannot be created or dropped from a connection to itself.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/innkeep_bench"


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def check_name(name: str) -> None:
    """Only ever create or drop databases named innkeep_bench*: never the developer database
    (innkeep) or the test ones (test_innkeep*)."""
    if not name.startswith("innkeep_bench"):
        raise SystemExit(f"refusing to use database {name!r}: its name must start innkeep_bench")


def _maintenance_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _execute(url: str, statement: sql.Composable) -> None:
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(statement)


def drop_database(url: str, name: str) -> None:
    check_name(name)
    _execute(url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def create_database(url: str, name: str, *, template: str | None = None) -> None:
    """Create `name` empty, or as a copy of `template` (which must have no connections)."""
    check_name(name)
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        check_name(template)
        statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    _execute(url, statement)


def vacuum_analyze(url: str, name: str) -> None:
    check_name(name)
    target = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def server_version(url: str) -> str:
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"
