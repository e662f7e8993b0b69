"""Rate limits counted in Redis, one round trip each: the mechanism behind every throttle
(`core.throttling`, DRF's interface) and the sign-in guard (`accounts.login_guard`).

- `count_in_window`: one more request under a name in the current fixed window of a period
  (`300/minute`: at most 300 in each calendar minute); the counter expires with its window.
- `failure_delay`, `record_failures`, `forget`: delays that grow with failures and expire by
  themselves. Each key keeps its failures and when the last one was; after `free` failures
  every further one refuses tries under that key for `base * 2^(n - free - 1)` seconds, up
  to `cap`; failures are forgotten `reset` seconds after the last one. Times come from the
  caller's clock (`innkeep.core.clock`), not Redis's, so tests can move them; Redis expiry
  only removes what is forgotten.

When Redis cannot be reached, nothing is counted and nothing is refused (logged): a rate
limit must not take the booking page or the sign-in down."""

from __future__ import annotations

import functools
import logging
import math
from dataclasses import dataclass
from typing import cast

import redis
from redis.commands.core import AsyncScript, Script

from innkeep.core.redis_client import NoRedis, client, shared_key

logger = logging.getLogger(__name__)

# INCR, and on the window's first request EXPIRE with the window: one round trip, atomic.
COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""

# The longest wait any key asks for, in milliseconds (0: none). ARGV[1]: now (ms).
WAIT_SCRIPT = """
local now = tonumber(ARGV[1])
local longest = 0
for _, key in ipairs(KEYS) do
  local untl = tonumber(redis.call('HGET', key, 'until') or '0')
  if untl - now > longest then longest = untl - now end
end
return longest
"""

# One more failure under each key. ARGV: now (ms), then per key: reset (ms), free, base (ms),
# cap (ms). Returns each key's new delay (ms).
FAIL_SCRIPT = """
local now = tonumber(ARGV[1])
local delays = {}
for i, key in ipairs(KEYS) do
  local reset = tonumber(ARGV[4 * i - 2])
  local free = tonumber(ARGV[4 * i - 1])
  local base = tonumber(ARGV[4 * i])
  local cap = tonumber(ARGV[4 * i + 1])
  local n = tonumber(redis.call('HGET', key, 'n') or '0')
  local last = tonumber(redis.call('HGET', key, 'last') or '0')
  if now - last > reset then n = 0 end
  n = n + 1
  local delay = 0
  if n > free then
    delay = math.min(cap, base * 2 ^ math.min(n - free - 1, 40))
  end
  redis.call('HSET', key, 'n', n, 'last', now, 'until', now + delay)
  redis.call('PEXPIRE', key, reset + delay)
  delays[i] = delay
end
return delays
"""


@functools.cache
def _script(source: str) -> AsyncScript | Script:
    return client().register_script(source)


def _unavailable(exc: redis.RedisError, what: str) -> None:
    if not isinstance(exc, NoRedis):
        logger.warning("%s not counted: Redis unavailable", what)


@dataclass(frozen=True)
class Window:
    count: int  # requests in this window, this one included
    ends_at: float  # when the window ends (seconds, the caller's clock)


def count_in_window(*, name: str, period: int, now: float, schema: str) -> Window | None:
    """Count one request under `name` in the current window of `period` seconds.
    None when Redis cannot be reached (let the request through)."""
    window = int(now // period)
    key = shared_key("throttle", f"{name}:{window}", schema=schema)
    try:
        count = int(cast(int, _script(COUNT_SCRIPT)(keys=[key], args=[period])))
    except redis.RedisError as exc:
        _unavailable(exc, f"rate limit {name}")
        return None
    return Window(count=count, ends_at=float((window + 1) * period))


@dataclass(frozen=True)
class Delay:
    """How failures under one key turn into a wait: `free` failures cost nothing, then each
    one doubles the wait from `base` seconds up to `cap`; `reset` seconds after the last
    failure they are forgotten."""

    free: int
    cap: float
    reset: float
    base: float = 1.0


def delay_key(name: str, *, schema: str) -> str:
    return shared_key("delay", name, schema=schema)


def failure_delay(*, keys: list[str], now: float) -> int:
    """Whole seconds to wait before the next try under any of these keys (0: go ahead)."""
    try:
        waited = int(cast(int, _script(WAIT_SCRIPT)(keys=keys, args=[int(now * 1000)])))
    except redis.RedisError as exc:
        _unavailable(exc, "failure delay")
        return 0
    return math.ceil(waited / 1000)


def record_failures(*, delays: dict[str, Delay], now: float) -> dict[str, float]:
    """One more failure under each key; each key's delay from now on (seconds)."""
    args: list[int] = [int(now * 1000)]
    for rule in delays.values():
        args += [int(rule.reset * 1000), rule.free, int(rule.base * 1000), int(rule.cap * 1000)]
    try:
        result = _script(FAIL_SCRIPT)(keys=list(delays), args=args)
    except redis.RedisError as exc:
        _unavailable(exc, "failure")
        return {}
    return {key: int(ms) / 1000 for key, ms in zip(delays, cast(list[int], result), strict=True)}


def forget(*, keys: list[str]) -> None:
    """Forget the failures under these keys (a success, an unlock)."""
    if not keys:
        return
    try:
        client().delete(*keys)
    except redis.RedisError as exc:
        _unavailable(exc, "forgetting failures")
