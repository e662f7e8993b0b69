"""Fixtures of the core tests. The real Celery worker (`celery_worker`) is in
tests/celery_worker.py, shared by every test directory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from django.conf import settings

from tests.accounts.conftest import make_staff, owner_of, world  # noqa: F401 (fixtures)


@pytest.fixture
def redis_cache_client() -> Iterator[redis.Redis]:
    """redis-py on the cache's own Redis database, to look at raw keys."""
    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    try:
        yield client
    finally:
        client.close()
