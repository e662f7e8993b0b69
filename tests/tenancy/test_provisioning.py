"""Schemas come from the warm pool or a clone of the template, never from migrations,
and a failed signup leaves nothing behind."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from innkeep.accounts.models import User
from innkeep.properties import signup as profile_step
from innkeep.tenancy import provisioning, services
from innkeep.tenancy.models import Domain, Hotel, PooledSchema
from innkeep.tenancy.provisioning import refill_pool, template_fingerprint, template_schema
from innkeep.tenancy.services import hotel_signup
from tests.factories import signup_data

SIGNATURE_SQL = """
SELECT 'constraint', c.relname, con.conname, con.contype::text,
       replace(pg_get_constraintdef(con.oid), %(s)s || '.', '')
  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %(s)s
UNION ALL
SELECT 'index', ic.relname, '', '', replace(pg_get_indexdef(i.indexrelid), %(s)s || '.', '')
  FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE n.nspname = %(s)s
UNION ALL
SELECT 'column', c.relname, a.attname, a.attidentity::text,
       format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull::text
       || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE n.nspname = %(s)s AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind = 'r'
ORDER BY 1, 2, 3, 4, 5
"""


def signature(schema: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(SIGNATURE_SQL, {"s": schema})
        return cursor.fetchall()


def rows(schema: str, table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{schema}"."{table}" ORDER BY 1')
        return cursor.fetchall()


@pytest.mark.django_db
def test_clone_matches_template_in_structure_names_and_seed_rows():
    result = hotel_signup(**signup_data())
    assert result.schema_source == "clone"
    template = template_schema()
    clone = result.hotel.schema_name

    template_signature = signature(template)
    assert len(template_signature) > 100
    assert signature(clone) == template_signature
    for table in ("django_migrations", "django_content_type", "auth_permission"):
        assert rows(clone, table) == rows(template, table)
        assert len(rows(clone, table)) > 0


@pytest.mark.django_db
def test_new_rows_in_a_clone_get_fresh_ids_after_the_copied_ones():
    result = hotel_signup(**signup_data())
    with schema_context(result.hotel.schema_name):
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        highest = Permission.objects.order_by("-id").values_list("id", flat=True).first()
        ct = ContentType.objects.get_for_model(User)
        created = Permission.objects.create(name="x", codename="x_custom", content_type=ct)
        assert created.id == highest + 1


@pytest.mark.django_db
def test_signup_claims_a_pooled_schema_and_the_pool_shrinks():
    assert refill_pool(size=2) == 2
    pooled = list(PooledSchema.objects.values_list("schema_name", flat=True))

    result = hotel_signup(**signup_data())

    assert result.schema_source == "pool"
    remaining = list(PooledSchema.objects.values_list("schema_name", flat=True))
    assert len(remaining) == 1
    claimed = (set(pooled) - set(remaining)).pop()
    assert not schema_exists(claimed)
    assert schema_exists("hotel_grand")
    assert signature(result.hotel.schema_name) == signature(template_schema())
    with schema_context("hotel_grand"):
        assert list(User.objects.values_list("email", flat=True)) == ["ana@grand.test"]


@pytest.mark.django_db
def test_pooled_schemas_from_an_older_template_are_never_claimed_and_refill_drops_them():
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "pool_stale"')
    PooledSchema.objects.create(schema_name="pool_stale", fingerprint="older-template")

    result = hotel_signup(**signup_data())

    assert result.schema_source == "clone"
    assert schema_exists("pool_stale")
    assert refill_pool(size=1) == 1
    assert not schema_exists("pool_stale")
    assert list(PooledSchema.objects.values_list("fingerprint", flat=True)) == [
        template_fingerprint()
    ]


@pytest.mark.django_db
def test_migrating_never_runs_for_a_signup(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("signup must not run migrations")

    monkeypatch.setattr("django.core.management.call_command", refuse)
    monkeypatch.setattr("innkeep.tenancy.provisioning.call_command", refuse)
    assert hotel_signup(**signup_data()).schema_source == "clone"


def _schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


def _fail_after_schema(monkeypatch):
    def boom(**kwargs):
        assert schema_exists("hotel_grand")  # the schema was made before the failure
        raise RuntimeError("profile store down")

    monkeypatch.setattr(profile_step, "hotel_profile_create", boom)


def test_failure_after_the_schema_is_made_leaves_nothing_behind(committed, monkeypatch):
    committed.append("grand")
    schemas_before = _schemas()
    _fail_after_schema(monkeypatch)

    with pytest.raises(RuntimeError, match="profile store down"):
        hotel_signup(**signup_data())

    assert not Hotel.objects.filter(subdomain="grand").exists()
    assert not Domain.objects.filter(domain="grand.innkeep.test").exists()
    assert _schemas() == schemas_before
    assert not schema_exists("hotel_grand")


def test_failure_after_claiming_from_the_pool_puts_the_schema_back(committed, monkeypatch):
    committed.append("grand")
    refill_pool(size=1)
    pooled = list(PooledSchema.objects.values_list("schema_name", flat=True))
    _fail_after_schema(monkeypatch)

    with pytest.raises(RuntimeError):
        hotel_signup(**signup_data())

    assert list(PooledSchema.objects.values_list("schema_name", flat=True)) == pooled
    assert schema_exists(pooled[0])
    assert not schema_exists("hotel_grand")


def test_failure_through_the_api_is_a_500_without_details_and_leaves_nothing(
    committed, monkeypatch, platform_api
):
    committed.append("grand")
    _fail_after_schema(monkeypatch)

    response = platform_api.post("/api/v1/signup/", signup_data(), format="json")

    assert response.status_code == 500
    assert response.json() == {
        "error": {
            "code": "INTERNAL_ERROR",
            "message": "An unexpected error occurred.",
            "details": {},
        }
    }
    assert not Hotel.objects.filter(subdomain="grand").exists()
    assert not schema_exists("hotel_grand")


def _race(calls: list, n: int = 2) -> list:
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def _slow_provisioning(monkeypatch) -> None:
    """Hold the first transaction open a moment after its rows are written, so the other
    signup has surely passed the pre-check and meets the unique index."""
    real = provisioning.provision_schema

    def slow(**kwargs):
        threading.Event().wait(0.3)
        return real(**kwargs)

    monkeypatch.setattr(services, "provision_schema", slow)


def test_two_concurrent_signups_for_one_subdomain_exactly_one_wins(committed, monkeypatch):
    from rest_framework.test import APIClient

    committed.append("grand")
    _slow_provisioning(monkeypatch)

    def post(email: str):
        client = APIClient(HTTP_HOST="innkeep.test")
        return client.post("/api/v1/signup/", signup_data(owner_email=email), format="json")

    responses = _race([lambda: post("ana@grand.test"), lambda: post("bob@grand.test")])

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["error"]["code"] == "SUBDOMAIN_TAKEN"
    assert Hotel.objects.filter(subdomain="grand").count() == 1
    with schema_context("hotel_grand"):
        assert User.objects.count() == 1


def test_concurrent_signups_for_different_subdomains_both_succeed_sharing_one_pool(
    committed, monkeypatch
):
    committed.extend(["grand", "royal"])
    refill_pool(size=1)
    _slow_provisioning(monkeypatch)

    results = _race(
        [
            lambda: hotel_signup(**signup_data()),
            lambda: hotel_signup(**signup_data(subdomain="royal", owner_email="r@royal.test")),
        ]
    )

    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(r.schema_source for r in results) == ["clone", "pool"]
    assert PooledSchema.objects.count() == 0
    assert schema_exists("hotel_grand")
    assert schema_exists("hotel_royal")
