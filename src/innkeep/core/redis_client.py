"""A plain Redis client on the cache's database, for the few things every request does in
Redis (versions of per-process copies, rate-limit counters): one command, one round trip.
Django's cache API costs more than the round trip itself there (it builds a client per
call and pickles).

Keys follow the cache's shape (`<schema>:<KEY_PREFIX>:...`), so everything of one
deployment or test run can be found and removed by prefix."""

from __future__ import annotations

from functools import cache

import redis
from django.conf import settings


class NoRedis(redis.ConnectionError):
    """The cache is not Redis (`make run` without Redis uses an in-memory cache): there is
    no shared state, as when Redis is down, and nothing to report."""


def client() -> redis.Redis:
    cache_settings = settings.CACHES["default"]
    if cache_settings["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        raise NoRedis("the cache is not Redis")
    return _client_for(cache_settings["LOCATION"])


@cache
def _client_for(location: str) -> redis.Redis:
    # redis-py's pool reconnects after a fork (it checks the pid), so one client per process
    # serves every gunicorn worker and Celery child; short timeouts keep a hung Redis from
    # holding requests (callers treat a failure as "no shared state", never as an error).
    return redis.Redis.from_url(location, socket_connect_timeout=0.5, socket_timeout=0.5)


def shared_key(kind: str, name: str, *, schema: str) -> str:
    return f"{schema}:{settings.CACHES['default']['KEY_PREFIX']}:{kind}:{name}"
