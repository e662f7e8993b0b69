"""Signup benchmarks: the service with a warm pool, the service cloning the template, and the
django-tenants default (CREATE SCHEMA + migrate_schemas per hotel) as the baseline.

Every signup does the same work: validation, Hotel and Domain rows, a schema with every
hotel table, the owner (password hashed) and the hotel profile.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from celery.signals import before_task_publish
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tenants.utils import quote_schema_name

from innkeep.settings.base import PASSWORD_HASHERS as PRODUCTION_HASHERS
from innkeep.tenancy import provisioning, services
from innkeep.tenancy.models import Hotel, PooledSchema
from tests.benchmarks.stats import progress

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PASSWORD = "a-long-Secret-2027"
REFILL_TASK = "tenancy.refill_schema_pool"


def signup_data(subdomain: str) -> dict[str, str]:
    return {
        "hotel_name": f"Bench {subdomain}",
        "subdomain": subdomain,
        "owner_email": f"owner@{subdomain}.bench",
        "owner_password": PASSWORD,
        "owner_first_name": "Ana",
        "owner_last_name": "Ruiz",
        "timezone": "Europe/Madrid",
        "currency": "EUR",
        "country": "ES",
    }


class Names:
    """Unique subdomains: <prefix>-0001, <prefix>-0002, ..."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"{prefix}-{self.counts[prefix]:04d}"


NAMES = Names()


class TaskSpy:
    """Records the Celery messages published while benchmarking. The pool refill task must
    not be among them (TENANT_POOL_SIZE=0 while timing); others (the owner's verification
    email) go to an in-memory transport (see run.configure): no broker, no worker."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def __call__(self, sender: object = None, **kwargs: object) -> None:
        self.sent.append(str(sender))

    @contextmanager
    def watching(self) -> Iterator[TaskSpy]:
        before_task_publish.connect(self, weak=False)
        try:
            yield self
        finally:
            before_task_publish.disconnect(self)

    def counts(self) -> dict[str, int]:
        return dict(Counter(self.sent))


def _ns(func: Callable[[], object]) -> tuple[int, object]:
    start = time.perf_counter_ns()
    result = func()
    return time.perf_counter_ns() - start, result


def service_signup(subdomain: str) -> tuple[int, str]:
    """One signup through innkeep's service; returns (nanoseconds, "pool" or "clone")."""
    elapsed, result = _ns(lambda: services.hotel_signup(**signup_data(subdomain)))
    return elapsed, result.schema_source  # type: ignore[attr-defined]


def _create_and_migrate(*, target: str) -> str:
    """The django-tenants default: CREATE SCHEMA, then every tenant migration in it (what
    TenantMixin.create_schema does for auto_create_schema)."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {quote_schema_name(target)}")
    call_command("migrate_schemas", schema_name=target, tenant=True, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    return "migrate"


def migrate_signup(subdomain: str) -> int:
    """The same signup through the same service, the schema made the django-tenants default
    way instead of from the pool or a clone: everything else (validation, rows, owner,
    profile, emails, one transaction) is identical by construction. Inside the signup's
    transaction django-tenants does not commit or reconnect after migrating, which if
    anything flatters the baseline."""
    if not hasattr(services, "provision_schema"):
        raise RuntimeError("innkeep.tenancy.services no longer calls provision_schema")
    with mock.patch.object(services, "provision_schema", _create_and_migrate):
        elapsed, source = service_signup(subdomain)
    if source != "migrate":
        raise RuntimeError(f"baseline signup took the {source} path")
    return elapsed


def _signup(path: str) -> int:
    """One timed signup on `path`: "pool", "clone" or "migrate" (the baseline)."""
    if path == "migrate":
        return migrate_signup(NAMES.next(path))
    elapsed, source = service_signup(NAMES.next(path))
    if source != path:
        raise RuntimeError(f"expected a {path} signup, got {source}")
    return elapsed


def _fill_pool(size: int) -> int:
    """Clone schemas into the warm pool until `size` wait (not timed as signup: in
    production a Celery task does it in the background). Returns nanoseconds spent."""
    start = time.perf_counter_ns()
    provisioning.refill_pool(size=size)
    if PooledSchema.objects.count() != size:
        raise RuntimeError(f"pool holds {PooledSchema.objects.count()} schemas, wanted {size}")
    return time.perf_counter_ns() - start


HASHERS = {"Argon2": PRODUCTION_HASHERS, "MD5": FAST_HASHERS}
# Orders in which a round runs the three paths, rotating: the baseline takes every position;
# the pool signup always comes before the clone signup (which must find the pool empty).
ORDERS = (("pool", "clone", "migrate"), ("migrate", "pool", "clone"), ("pool", "migrate", "clone"))


Samples = dict[tuple[str, str], list[int]]  # (hasher, path) -> nanoseconds per signup


@dataclass
class ProvisioningResults:
    samples: Samples
    argon2_hash: list[int]
    pool_fill_ns: list[int]
    tasks_sent: dict[str, int]


def _round(order: tuple[str, ...], hashers: list[str], out: Samples) -> list[int]:
    """One signup per path for each hasher; returns the (untimed) pool refill durations."""
    fills = []
    for hasher in hashers:
        # One pooled schema, claimed by this triple's pool signup: its clone signup then
        # finds the pool empty, as the clone path requires.
        fills.append(_fill_pool(1))
        with override_settings(PASSWORD_HASHERS=HASHERS[hasher]):
            for path in order:
                out.setdefault((hasher, path), []).append(_signup(path))
        if PooledSchema.objects.exists():
            raise RuntimeError("a pooled schema was left unclaimed")
    return fills


def run(n: int) -> ProvisioningResults:
    """`n` rounds. Each round, for each hasher (Argon2 then MD5, or the other way round),
    signs up one hotel on each path, in an order that rotates with the round, and hashes
    one password alone. Interleaving spreads the machine's slow and fast moments (other
    processes, autovacuum) over every series instead of over whichever ran then."""
    if settings.TENANT_POOL_SIZE != 0:
        raise RuntimeError("TENANT_POOL_SIZE must be 0 while timing (no refill task)")
    if PooledSchema.objects.exists():
        raise RuntimeError("the pool must start empty")
    spy = TaskSpy()
    samples: Samples = {}
    argon2_hash: list[int] = []
    fills: list[int] = []
    with spy.watching():
        progress("provisioning: warm-up round (every path and hasher once, not timed)")
        _round(ORDERS[0], list(HASHERS), {})
        progress(
            f"provisioning: {n} rounds of 6 signups (warm pool, clone, migrate_schemas;"
            " Argon2 and MD5) + 1 Argon2 hash"
        )
        for i in range(n):
            hashers = list(HASHERS) if i % 2 == 0 else list(HASHERS)[::-1]
            fills += _round(ORDERS[i % len(ORDERS)], hashers, samples)
            with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
                argon2_hash.append(_ns(lambda: make_password(PASSWORD))[0])
            if (i + 1) % 10 == 0:
                progress(f"provisioning: {i + 1}/{n} rounds")
    if REFILL_TASK in spy.sent:
        raise RuntimeError(f"{REFILL_TASK} was sent during the benchmark")
    return ProvisioningResults(
        samples=samples, argon2_hash=argon2_hash, pool_fill_ns=fills, tasks_sent=spy.counts()
    )


def add_hotels(total: int) -> None:
    """Sign up hotels through the real service (clone path, fast hasher: hashing does not
    matter here) until `total` hotels exist. Their schemas are real."""
    missing = total - Hotel.objects.count()
    progress(f"routing: signing up {max(missing, 0)} more hotels to reach {total}")
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        for i in range(max(missing, 0)):
            services.hotel_signup(**signup_data(NAMES.next("extra")))
            if (i + 1) % 100 == 0:
                progress(f"routing: {i + 1}/{missing} extra hotels")
