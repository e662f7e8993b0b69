"""Rate limits counted in Redis with one round trip per request.

DRF's throttles keep each client's list of request times in the cache: a read and a write
per request (two round trips and a pickle), and two workers can both read the same list and
both let a request through. Here a request is one INCR of the client's counter for the
current window of the rate's period (`300/minute`: at most 300 from one client in each
calendar minute), which expires with its window (a small Lua script: one round trip, and
no counter is left without its expiry). When Redis cannot be reached, requests are let
through (logged): a rate limit must not take the booking page down."""

from __future__ import annotations

import functools
import logging
from typing import Any, cast

import redis
from redis.commands.core import AsyncScript, Script
from rest_framework.request import Request
from rest_framework.throttling import ScopedRateThrottle

from innkeep.core.redis_client import NoRedis, client, shared_key
from innkeep.core.tenants import current_schema

logger = logging.getLogger(__name__)

# INCR, and on the window's first request EXPIRE with the window: one round trip, atomic.
COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


@functools.cache
def _count() -> AsyncScript | Script:
    return client().register_script(COUNT_SCRIPT)


class WindowRateThrottle(ScopedRateThrottle):
    """The view's `throttle_scope` and its rate in DEFAULT_THROTTLE_RATES, per client
    address (X-Forwarded-For as NUM_PROXIES says) and per hotel, as DRF's scoped throttle."""

    window_ends: float = 0.0

    def allow_request(self, request: Request, view: Any) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        limit, duration = self.parse_rate(self.rate)
        if limit is None or duration is None:
            return True
        self.num_requests, self.duration = limit, duration
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        window = int(self.timer() // duration)
        self.window_ends = (window + 1) * duration
        key = shared_key("throttle", f"{self.key}:{window}", schema=current_schema())
        try:
            count = int(cast(int, _count()(keys=[key], args=[duration])))
        except redis.RedisError as exc:
            if not isinstance(exc, NoRedis):
                logger.warning("rate limit %s not counted: Redis unavailable", self.scope)
            return True
        return count <= limit

    def wait(self) -> float:
        return max(self.window_ends - self.timer(), 0.0)
