"""Start-up steps of the Innkeep containers, run by docker/entrypoint.sh before the process.

    python docker/bootstrap.py wait      # until PostgreSQL and Redis answer (WAIT_TIMEOUT s)
    python docker/bootstrap.py migrate   # public schema, every hotel (in parallel), template

`migrate` holds a PostgreSQL advisory lock, so containers starting together migrate one after
the other, and is quick when nothing is pending: the public schema and the hotel template are
checked, and the template is migrated last (after every hotel), so an up-to-date template
means a complete earlier run with this code (MIGRATE_FORCE=true migrates anyway). Hotels are
migrated by django-tenants' multiprocessing executor (MIGRATION_EXECUTOR; MIGRATION_PROCESSES
in the settings). Then it writes beat's schedule (`innkeep setup_periodic_tasks`).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

MIGRATION_LOCK_ID = 727_002  # pg_advisory_lock key: one migrating container at a time


def log(message: str) -> None:
    print(f"[innkeep] {message}", file=sys.stderr, flush=True)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innkeep.settings.prod")
    import django

    django.setup()


def _database_ok() -> None:
    from django.db import connection

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis_ok() -> None:
    from innkeep.core.health import check_redis

    check_redis()


def wait_for(
    checks: dict[str, Callable[[], None]], *, timeout: float, interval: float = 1.0
) -> None:
    """Retry each check until it passes; SystemExit naming the failing one after `timeout`."""
    deadline = time.monotonic() + timeout
    for name, check in checks.items():
        while True:
            try:
                check()
            except Exception as exc:
                if time.monotonic() >= deadline:
                    message = f"[innkeep] {name} unreachable after {timeout:.0f}s: {exc}"
                    raise SystemExit(message) from exc
                log(f"waiting for {name} ({type(exc).__name__})")
                time.sleep(interval)
            else:
                break
    from django.db import connection

    connection.close()


def pending_migrations(schema_name: str) -> list[str]:
    """Migrations not yet recorded in `schema_name` ("app.name"); every one when it is absent."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django_tenants.utils import schema_exists

    if not schema_exists(schema_name):
        return ["<schema missing>"]
    connection.set_schema(schema_name)
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
    finally:
        connection.set_schema_to_public()


def migrations_pending() -> bool:
    from django.conf import settings

    return any(
        pending_migrations(schema)
        for schema in (settings.PUBLIC_SCHEMA_NAME, settings.TENANT_TEMPLATE_SCHEMA)
    )


def migrate(*, force: bool = False, executor: str = "multiprocessing") -> bool:
    """Migrate under the advisory lock. Returns False when everything was already current."""
    from django.core.management import call_command
    from django.db import connection

    # The lock lives on a connection of its own: the multiprocessing executor closes Django's
    # connection before forking its workers, which would end the session holding the lock.
    lock = connection.get_new_connection(connection.get_connection_params())
    lock.autocommit = True
    try:
        log("taking the migration lock")
        lock.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_ID])
        migrated = force or migrations_pending()
        if migrated:
            log(f"migrating: public schema, hotels ({executor} executor), template, schema pool")
            call_command("migrate_schemas", interactive=False, executor=executor)
        else:
            log("migrations: up to date")
        # Beat's schedule follows the code of this release (idempotent; docs/async.md).
        call_command("setup_periodic_tasks", verbosity=0)
        return migrated
    finally:
        lock.close()  # ends the session, and the lock with it
        connection.close()


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command not in {"wait", "migrate"}:
        print(__doc__, file=sys.stderr)
        return 2
    setup_django()
    if command == "wait":
        wait_for(
            {"database": _database_ok, "redis": _redis_ok},
            timeout=float(os.environ.get("WAIT_TIMEOUT", "60")),
        )
        log("database and redis are up")
        return 0
    migrate(
        force=os.environ.get("MIGRATE_FORCE", "false").lower() == "true",
        executor=os.environ.get("MIGRATION_EXECUTOR", "multiprocessing"),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
