"""Clone a schema's structure and rows with plain DDL, keeping every constraint and index name.

Why not django-tenants' CloneSchema: it (re)installs a PL/pgSQL function and drops a type in
`public` on every call, which serialises concurrent signups on catalog locks, and it is slow.
Here the catalog is read once per template version and turned into one SQL script; each clone
runs that script (a few dozen statements) inside the caller's transaction.

Names are kept exactly (`pg_get_constraintdef`, `pg_get_indexdef`) because later migrations
alter and drop constraints and indexes by name.
"""

from __future__ import annotations

import threading

from django.db import connection
from django_tenants.utils import quote_schema_name

TARGET = "__innkeep_target_schema__"

_cache: dict[tuple[str, str], str] = {}
_lock = threading.Lock()


class UnsupportedTemplateObject(RuntimeError):
    """The template holds an object this cloner does not copy (view, function, trigger...)."""


def _fetch(sql: str, params: list[str]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _check_supported(source: str) -> None:
    unsupported = _fetch(
        """
        SELECT 'relation ' || c.relname || ' (kind ' || c.relkind::text || ')'
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND c.relkind NOT IN ('r', 'i', 'S')
        UNION ALL
        SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = %s
        UNION ALL
        SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal
        UNION ALL
        SELECT 'sequence not owned by an identity column: ' || c.relname
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %s AND c.relkind = 'S' AND NOT EXISTS (
               SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')
        UNION ALL
        SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = %s AND t.typtype IN ('e', 'd', 'r', 'm')
        """,
        [source] * 5,
    )
    if unsupported:
        raise UnsupportedTemplateObject(
            "The template schema holds objects the cloner does not copy: "
            + ", ".join(row[0] for row in unsupported)
        )


def build_clone_script(source: str) -> str:
    """SQL that recreates `source` as the schema named by TARGET. Read with `source` outside
    the search_path, so every catalog rendering names it explicitly."""
    _check_supported(source)
    qsrc = quote_schema_name(source)
    src_prefixes = (f"{qsrc}.", f"{source}.")
    qtgt = TARGET

    def retarget(definition: str) -> str:
        for prefix in src_prefixes:
            definition = definition.replace(f" {prefix}", f" {qtgt}.")
        return definition

    tables = [
        row[0]
        for row in _fetch(
            """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY c.relname""",
            [source],
        )
    ]
    statements = [f"CREATE SCHEMA {qtgt}"]
    for table in tables:
        qt = connection.ops.quote_name(table)
        statements.append(
            f"CREATE TABLE {qtgt}.{qt} (LIKE {qsrc}.{qt} INCLUDING DEFAULTS INCLUDING IDENTITY "
            f"INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMPRESSION)"
        )

    with_rows = [
        table
        for table in tables
        if _fetch(
            f"SELECT EXISTS (SELECT 1 FROM {qsrc}.{connection.ops.quote_name(table)})",
            [],
        )[0][0]
    ]
    identity = {
        (t, col)
        for t, col in _fetch(
            """SELECT c.relname, a.attname FROM pg_attribute a
                 JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %s AND a.attidentity <> '' AND NOT a.attisdropped""",
            [source],
        )
    }
    for table in with_rows:
        qt = connection.ops.quote_name(table)
        statements.append(f"INSERT INTO {qtgt}.{qt} SELECT * FROM {qsrc}.{qt}")
        for t, col in sorted(identity):
            if t == table:
                qc = connection.ops.quote_name(col)
                statements.append(
                    f"SELECT setval(pg_get_serial_sequence('{qtgt}.{qt}', '{col}'), "
                    f"COALESCE((SELECT max({qc}) FROM {qtgt}.{qt}), 0) + 1, false)"
                )

    constraints = _fetch(
        """SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
             FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND con.contype IN ('p', 'u', 'c', 'x', 'f')
            ORDER BY CASE con.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 2
                     WHEN 'c' THEN 3 ELSE 4 END, c.relname, con.conname""",
        [source],
    )
    for table, name, kind, definition in constraints:
        if kind == "f":
            continue
        statements.append(
            f"ALTER TABLE {qtgt}.{connection.ops.quote_name(table)} "
            f"ADD CONSTRAINT {connection.ops.quote_name(name)} {retarget(definition)}"
        )
    indexes = _fetch(
        """SELECT pg_get_indexdef(i.indexrelid)
             FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
             JOIN pg_namespace n ON n.oid = ic.relnamespace
            WHERE n.nspname = %s
              AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid
                              AND con.contype IN ('p', 'u', 'x'))
            ORDER BY ic.relname""",
        [source],
    )
    statements.extend(retarget(row[0]) for row in indexes)
    for table, name, kind, definition in constraints:
        if kind == "f":
            statements.append(
                f"ALTER TABLE {qtgt}.{connection.ops.quote_name(table)} "
                f"ADD CONSTRAINT {connection.ops.quote_name(name)} {retarget(definition)}"
            )
    return ";\n".join(statements) + ";"


def clone_script(*, source: str, version: str) -> str:
    with _lock:
        script = _cache.get((source, version))
        if script is None:
            script = _cache[(source, version)] = build_clone_script(source)
        return script


def clone_schema(*, source: str, target: str, version: str) -> None:
    """Create `target` as a copy of `source`. `version` identifies the source's structure
    (the template's migration fingerprint): the script is rebuilt when it changes."""
    script = clone_script(source=source, version=version)
    with connection.cursor() as cursor:
        cursor.execute(script.replace(TARGET, quote_schema_name(target)))
