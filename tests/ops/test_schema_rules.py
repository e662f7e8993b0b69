"""The rules a hotel schema keeps so that it can move to a Citus worker node as a distributed
schema (docs/operations.md, "When one PostgreSQL server is not enough"), checked on the real
catalog of the test database: a session hotel, the template, and the models behind them."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db

# Tables Django's own apps create in every schema with 32-bit ids (their AppConfig asks for
# AutoField). Listed so that a new one is noticed; see the operations guide.
CONTRIB_INT_IDS = {
    "auth_group",
    "auth_permission",
    "django_admin_log",
    "django_content_type",
}


def _rows(sql: str, params: list[object]) -> list[tuple]:  # type: ignore[type-arg]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_hotel_schemas_have_no_foreign_key_leaving_them(hotel_a):
    crossing = _rows(
        """
        SELECT con.conname, src_ns.nspname, src.relname, dst_ns.nspname, dst.relname
        FROM pg_constraint con
        JOIN pg_class src ON src.oid = con.conrelid
        JOIN pg_namespace src_ns ON src_ns.oid = src.relnamespace
        JOIN pg_class dst ON dst.oid = con.confrelid
        JOIN pg_namespace dst_ns ON dst_ns.oid = dst.relnamespace
        WHERE con.contype = 'f' AND src_ns.nspname <> dst_ns.nspname
          AND (src_ns.nspname = ANY(%s) OR dst_ns.nspname = ANY(%s))
        """,
        [[hotel_a.schema, settings.TENANT_TEMPLATE_SCHEMA]] * 2,
    )

    assert crossing == []


def test_hotel_models_point_only_at_hotel_models():
    """What the migrations will create tomorrow: a relation from a hotel app's model to a
    platform-only model (Hotel, Plan, ...) would be a foreign key out of every hotel schema."""
    hotel_apps = {c.label for c in apps.get_app_configs() if c.name in settings.TENANT_APPS}
    offenders = [
        f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}"
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in hotel_apps
        for field in model._meta.get_fields()
        if field.is_relation
        and field.concrete
        and field.related_model is not None
        and field.related_model._meta.app_label not in hotel_apps
    ]

    assert offenders == []


def test_innkeep_tables_use_64_bit_ids(hotel_a):
    narrow = _rows(
        """
        SELECT c.table_name, c.column_name, c.data_type
        FROM information_schema.columns c
        WHERE c.table_schema = %s
          AND (c.is_identity = 'YES' OR c.column_default LIKE 'nextval(%%')
          AND c.data_type <> 'bigint'
        """,
        [hotel_a.schema],
    )

    assert {table for table, _, _ in narrow} <= CONTRIB_INT_IDS, narrow


def test_hotel_schemas_hold_only_tables_indexes_sequences_and_constraints(hotel_a):
    """No views, functions, triggers or custom types: plain objects move with the schema
    (and the template cloner only knows these)."""
    extra = _rows(
        """
        SELECT 'relation ' || relname FROM pg_class
         WHERE relnamespace = %s::regnamespace AND relkind NOT IN ('r', 'i', 'S', 'p', 'I')
        UNION ALL
        SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = %s::regnamespace
        UNION ALL
        SELECT 'type ' || typname FROM pg_type
         WHERE typnamespace = %s::regnamespace AND typtype NOT IN ('c', 'b') AND typrelid = 0
        UNION ALL
        SELECT 'trigger ' || tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal
        """,
        [hotel_a.schema] * 4,
    )

    assert extra == []
