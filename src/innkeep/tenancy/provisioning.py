"""Hotel schemas, made fast.

`migrate_schemas` keeps one template schema (settings.TENANT_TEMPLATE_SCHEMA) current. A new
hotel's schema comes, in order of preference, from:

1. the warm pool: schemas cloned from the template ahead of time. Claiming one is a row
   lock (SKIP LOCKED) and one `ALTER SCHEMA ... RENAME`, so signup does not grow with the
   number of tables;
2. a clone of the template made on the spot, when the pool is empty.

Both are plain DDL inside the caller's transaction: if the signup rolls back, PostgreSQL
puts the pooled schema back (or forgets the clone) and nothing is left behind.
Migrations are never run per signup.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.utils import quote_schema_name, schema_exists

from innkeep.core.tenants import activate_public
from innkeep.tenancy.models import PooledSchema
from innkeep.tenancy.schema_clone import clone_schema

logger = logging.getLogger(__name__)

POOL_PREFIX = "pool_"
_POOL_LOCK_ID = 727_001  # pg advisory lock: one pool refill at a time


def template_schema() -> str:
    return settings.TENANT_TEMPLATE_SCHEMA


def template_fingerprint() -> str | None:
    """Digest of the migrations applied to the template; None when it has none yet."""
    if not schema_exists(template_schema()):
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT md5(string_agg(app || '.' || name, ',' ORDER BY app, name)) "
            f"FROM {quote_schema_name(template_schema())}.django_migrations"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def migrate_template(*, verbosity: int = 1) -> None:
    """Create the template schema if needed and bring it to the latest migrations."""
    name = template_schema()
    if not schema_exists(name):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {quote_schema_name(name)}")
    call_command(
        "migrate_schemas",
        schema_name=name,
        tenant=True,
        interactive=False,
        verbosity=verbosity,
        skip_template=True,
    )
    activate_public()


def clone_template(*, target: str, fingerprint: str) -> None:
    """Copy the template's tables and rows (content types, permissions, migration records).
    `fingerprint` is the template's current one (`template_fingerprint()`)."""
    clone_schema(source=template_schema(), target=target, version=fingerprint)


def claim_pooled_schema(*, target: str, fingerprint: str) -> bool:
    """Rename a ready pooled schema to `target`. Must run inside the caller's transaction."""
    pooled = (
        PooledSchema.objects.select_for_update(skip_locked=True)
        .filter(fingerprint=fingerprint)
        .order_by("created_at")
        .first()
    )
    if pooled is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER SCHEMA {quote_schema_name(pooled.schema_name)} "
            f"RENAME TO {quote_schema_name(target)}"
        )
    pooled.delete()
    return True


def provision_schema(*, target: str) -> str:
    """Make the schema `target` ready for a hotel. Returns how: "pool" or "clone"."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("provision_schema must run inside the signup transaction")
    fingerprint = template_fingerprint()
    if fingerprint is None:
        raise RuntimeError(
            f"The template schema {template_schema()!r} is missing: run `innkeep migrate_schemas`."
        )
    if claim_pooled_schema(target=target, fingerprint=fingerprint):
        return "pool"
    clone_template(target=target, fingerprint=fingerprint)
    return "clone"


def drop_schema(*, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {quote_schema_name(name)} CASCADE")


def refill_pool(*, size: int | None = None) -> int:
    """Drop pooled schemas made from an older template, then clone until `size` wait.
    Returns how many were made. Concurrent refills wait for each other's lock, then see
    the pool already full."""
    wanted = settings.TENANT_POOL_SIZE if size is None else size
    made = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_POOL_LOCK_ID])
        fingerprint = template_fingerprint()
        if fingerprint is None:
            return 0
        for stale in PooledSchema.objects.exclude(fingerprint=fingerprint):
            drop_schema(name=stale.schema_name)
            stale.delete()
        missing = wanted - PooledSchema.objects.count()
        for _ in range(max(missing, 0)):
            name = f"{POOL_PREFIX}{uuid.uuid4().hex[:16]}"
            clone_template(target=name, fingerprint=fingerprint)
            PooledSchema.objects.create(schema_name=name, fingerprint=fingerprint)
            made += 1
    return made


def drop_pool() -> None:
    with transaction.atomic():
        for pooled in PooledSchema.objects.all():
            drop_schema(name=pooled.schema_name)
            pooled.delete()
