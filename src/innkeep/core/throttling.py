"""DRF's throttle interface over `core.rate_limits`: one Redis round trip per request.

DRF's throttles keep each client's list of request times in the cache: a read and a write
per request (two round trips and a pickle), and two workers can both read the same list and
both let a request through. Here a request is one INCR of the client's counter for the
current window of the rate's period (`300/minute`: at most 300 from one client in each
calendar minute), which expires with its window. When Redis cannot be reached, requests are
let through (logged): a rate limit must not take the booking page down.

The client is `core.client_address` (X-Forwarded-For only as far as NUM_PROXIES trusts it),
never DRF's own reading of the header. Every throttle of the API is this one (a test checks
every view)."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import ScopedRateThrottle

from innkeep.core.client_address import client_address
from innkeep.core.rate_limits import count_in_window
from innkeep.core.tenants import current_schema


class WindowRateThrottle(ScopedRateThrottle):
    """The view's `throttle_scope` and its rate in DEFAULT_THROTTLE_RATES, per client
    address and per hotel (signed-in staff: per user), as DRF's scoped throttle."""

    window_ends: float = 0.0

    def get_ident(self, request: Request) -> str:
        return client_address(request._request) or "unknown"

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
        counted = count_in_window(
            name=self.key, period=duration, now=self.timer(), schema=current_schema()
        )
        if counted is None:
            return True
        self.window_ends = counted.ends_at
        return counted.count <= limit

    def wait(self) -> float:
        return max(self.window_ends - self.timer(), 0.0)
