"""Test infrastructure shared by every app.

The test database is migrated once (public schema + hotel template), then two hotels are
provisioned once per session through the real signup service: `hotel_a` ("alpine") and
`hotel_b` ("bayview"), committed, so that worker threads and other connections see them.
Each test runs in a transaction that is rolled back; schema DDL is transactional too, so a
hotel signed up inside a test disappears with it.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from innkeep.core.versioned_cache import forget_everything
from innkeep.tenancy.models import Domain, Hotel, PooledSchema
from innkeep.tenancy.provisioning import drop_schema
from innkeep.tenancy.services import hotel_signup
from tests.celery_worker import _celery_worker_session, celery_worker  # noqa: F401 (fixtures)
from tests.drift import assert_no_drift, watching
from tests.factories import signup_data

OWNER_PASSWORD = "a-long-Secret-2027"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "allow_drift: the test leaves the inventory calendar drifted on purpose"
    )


TESTS = Path(__file__).parent
# The folders whose tests are checked so far. tests/accounts (the permission matrix and the
# fuzz world write stays without their calendar nights), tests/events and tests/ops are not
# yet: their worlds need their calendars to agree with their stays first.
DRIFT_CHECKED = frozenset({"reservations", "booking", "inventory", "demo"})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Every test that creates reservations ends with `check_inventory`'s recount finding no
    drift in the hotels it booked in (tests/drift.py). A hook around the call rather than an
    autouse fixture: it runs after the test body and before any fixture's teardown, while
    the test's transaction is still open and committed hotels still exist."""
    if not item.path.is_relative_to(TESTS) or item.path.relative_to(TESTS).parts[0] not in (
        DRIFT_CHECKED
    ):
        return (yield)
    with watching() as touched:
        result = yield
    if touched and item.get_closest_marker("allow_drift") is None:
        assert_no_drift(touched)
    return result


@dataclass(frozen=True)
class TestHotel:
    hotel: Hotel
    owner_email: str
    owner_password: str

    @property
    def host(self) -> str:
        return f"{self.hotel.subdomain}.{settings.ROOT_DOMAIN}"

    @property
    def schema(self) -> str:
        return self.hotel.schema_name


def _ensure_hotel(subdomain: str, name: str) -> TestHotel:
    email = f"owner@{subdomain}.test"
    hotel = Hotel.objects.filter(subdomain=subdomain).first()
    if hotel is None:
        hotel = hotel_signup(
            **signup_data(
                hotel_name=name,
                subdomain=subdomain,
                owner_email=email,
                owner_password=OWNER_PASSWORD,
            )
        ).hotel
    return TestHotel(hotel=hotel, owner_email=email, owner_password=OWNER_PASSWORD)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        created = _set_up_when_only_committed_tests_run()
        _ensure_hotel("alpine", "Alpine Lodge")
        _ensure_hotel("bayview", "Bayview Inn")
    yield
    if created is not None:
        from django.test.utils import teardown_databases

        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


def _set_up_when_only_committed_tests_run():  # type: ignore[no-untyped-def]
    """pytest-django creates the test database only for tests that use `db`; a run made
    only of `committed` tests (races, worker threads) needs it too."""
    from django.test.utils import setup_databases

    if connection.settings_dict["NAME"].startswith("test_"):
        return None
    return setup_databases(verbosity=0, interactive=False, aliases={"default"})


@pytest.fixture(scope="session")
def hotel_a(django_db_setup, django_db_blocker) -> TestHotel:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        return _ensure_hotel("alpine", "Alpine Lodge")


@pytest.fixture(scope="session")
def hotel_b(django_db_setup, django_db_blocker) -> TestHotel:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        return _ensure_hotel("bayview", "Bayview Inn")


@pytest.fixture(autouse=True)
def _back_to_public() -> Iterator[None]:
    yield
    connection.set_schema_to_public()


@pytest.fixture
def as_if_committed(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """`with as_if_committed(): <changes>`: the block's on-commit hooks run at its end, as if it
    had committed (the test's own transaction never does). Per-process copies count on it:
    a transaction that changed something reads around them until it commits."""

    def block():  # type: ignore[no-untyped-def]
        return django_capture_on_commit_callbacks(execute=True)

    return block


@pytest.fixture(autouse=True)
def _forget_cache_keys() -> Iterator[None]:
    """Rate-limit counters and cached values live in Redis, outside the test transaction:
    remove this run's keys around each test (never FLUSHDB: the server is shared), and
    what this process kept of them."""
    forget_run_keys()
    yield
    forget_run_keys()


def forget_run_keys() -> None:
    _delete_run_keys()
    forget_everything()


def _delete_run_keys() -> None:
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = list(client.scan_iter(match=f"*:{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@dataclass
class ProcessClock:
    """`innkeep.core.clock.monotonic` as a test moves it: how old the copies kept in memory
    are, without waiting."""

    now: float = 1000.0

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def process_clock(monkeypatch) -> ProcessClock:  # type: ignore[no-untyped-def]
    clock = ProcessClock()
    monkeypatch.setattr("innkeep.core.clock.monotonic", lambda: clock.now)
    return clock


@dataclass
class SharedRedis:
    """`down()`: this process's client for shared state (`innkeep.core.redis_client`:
    versions of the per-process copies, rate counts) talks to a port where nothing
    listens, as when Redis is down; `up()`: to the real server again. The shared server is
    never stopped, and Django's cache and Celery's broker are left alone."""

    cache_settings: dict[str, Any]
    real: str
    nowhere: str

    def down(self) -> None:
        self.cache_settings["LOCATION"] = self.nowhere

    def up(self) -> None:
        self.cache_settings["LOCATION"] = self.real


@pytest.fixture
def shared_redis(monkeypatch) -> SharedRedis:  # type: ignore[no-untyped-def]
    cache_settings = settings.CACHES["default"]
    real = cache_settings["LOCATION"]
    monkeypatch.setitem(cache_settings, "LOCATION", real)  # put back after the test
    with socket.socket() as probe:  # a free port, closed again: connections are refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return SharedRedis(cache_settings, real, f"redis://127.0.0.1:{port}/1")


@pytest.fixture
def in_hotel(db):  # type: ignore[no-untyped-def]
    """`with in_hotel(hotel_a): ...` runs the block in that hotel's schema."""

    def enter(test_hotel: TestHotel):  # type: ignore[no-untyped-def]
        return schema_context(test_hotel.schema)

    return enter


@pytest.fixture
def platform_api() -> APIClient:
    return APIClient(HTTP_HOST=settings.ROOT_DOMAIN)


@pytest.fixture
def platform_web() -> Client:
    return Client(HTTP_HOST=settings.ROOT_DOMAIN)


@pytest.fixture
def api_for():  # type: ignore[no-untyped-def]
    """api_for(hotel_a) -> an APIClient whose requests go to that hotel's host."""

    def make(test_hotel: TestHotel) -> APIClient:
        return APIClient(HTTP_HOST=test_hotel.host)

    return make


@pytest.fixture
def web_for():  # type: ignore[no-untyped-def]
    def make(test_hotel: TestHotel) -> Client:
        return Client(HTTP_HOST=test_hotel.host)

    return make


def destroy_hotel(subdomain: str) -> None:
    """Remove a committed hotel completely (tests that run outside a transaction)."""
    connection.set_schema_to_public()
    for hotel in Hotel.objects.filter(subdomain=subdomain):
        drop_schema(name=hotel.schema_name)
        Domain.objects.filter(tenant=hotel).delete()
        hotel.delete()


@pytest.fixture
def committed(django_db_blocker, django_db_setup):  # type: ignore[no-untyped-def]
    """Database access without the per-test transaction, for tests that need several real
    connections (races, worker threads). Cleans up the hotels it is told about."""
    created: list[str] = []
    with django_db_blocker.unblock():
        pool_before = set(PooledSchema.objects.values_list("schema_name", flat=True))
        yield created
        for subdomain in created:
            destroy_hotel(subdomain)
        for pooled in PooledSchema.objects.exclude(schema_name__in=pool_before):
            drop_schema(name=pooled.schema_name)
            pooled.delete()
