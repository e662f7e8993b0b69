"""No cache entry crosses hotels: every key starts with the schema it was written in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django_tenants.utils import schema_context


def raw_keys(client, name: str) -> list[bytes]:
    """The real Redis keys of cache key `name` under this run's prefix, in every schema."""
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    return sorted(client.keys(f"*:{prefix}:1:{name}"))


@pytest.fixture
def clean_k(redis_cache_client, hotel_a, hotel_b) -> Iterator[None]:
    yield
    for schema in (hotel_a.schema, hotel_b.schema, "public"):
        with schema_context(schema):
            cache.delete("k")
    assert raw_keys(redis_cache_client, "k") == []


@pytest.mark.usefixtures("clean_k")
def test_a_value_cached_by_one_hotel_is_invisible_to_another(redis_cache_client, hotel_a, hotel_b):
    with schema_context(hotel_a.schema):
        cache.set("k", 1)

    with schema_context(hotel_b.schema):
        assert cache.get("k") is None
    assert cache.get("k") is None  # nor on the platform
    with schema_context(hotel_a.schema):
        assert cache.get("k") == 1

    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert raw_keys(redis_cache_client, "k") == [f"hotel_alpine:{prefix}:1:k".encode()]


@pytest.mark.usefixtures("clean_k")
def test_the_same_key_holds_one_value_per_hotel(redis_cache_client, hotel_a, hotel_b):
    with schema_context(hotel_a.schema):
        cache.set("k", "alpine")
    with schema_context(hotel_b.schema):
        cache.set("k", "bayview")

    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert raw_keys(redis_cache_client, "k") == [
        f"hotel_alpine:{prefix}:1:k".encode(),
        f"hotel_bayview:{prefix}:1:k".encode(),
    ]
    with schema_context(hotel_b.schema):
        assert cache.get("k") == "bayview"
        cache.delete("k")
        assert cache.get("k") is None
    with schema_context(hotel_a.schema):
        assert cache.get("k") == "alpine"
    assert raw_keys(redis_cache_client, "k") == [f"hotel_alpine:{prefix}:1:k".encode()]
