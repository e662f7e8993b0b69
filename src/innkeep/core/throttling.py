"""Rate limits counted in Redis with one round trip per request.

DRF's throttles keep each client's list of request times in the cache: a read and a write
per request (two round trips and a pickle), and two workers can both read the same list and
both let a request through. Here a request is one INCR of the client's counter for the
current window of the rate's period (`300/minute`: at most 300 from one client in each
calendar minute); the counter expires with its window. When Redis cannot be reached,
requests are let through (logged): a rate limit must not take the booking page down."""

from __future__ import annotations

import logging
from typing import Any

import redis
from rest_framework.request import Request
from rest_framework.throttling import ScopedRateThrottle

from innkeep.core.redis_client import client, shared_key
from innkeep.core.tenants import current_schema

logger = logging.getLogger(__name__)


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
            pipe = client().pipeline(transaction=False)
            pipe.incr(key)
            pipe.expire(key, duration)
            count, _ = pipe.execute()
        except redis.RedisError:
            logger.warning("rate limit %s not counted: Redis unavailable", self.scope)
            return True
        return int(count) <= limit

    def wait(self) -> float:
        return max(self.window_ends - self.timer(), 0.0)
