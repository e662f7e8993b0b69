"""The public booking API's rate limit: one Redis INCR per request, per client address and
hotel, in fixed windows of the rate's period."""

from __future__ import annotations

import pytest
import redis

from innkeep.core.redis_client import client, shared_key
from innkeep.core.throttling import WindowRateThrottle

pytestmark = pytest.mark.django_db

PATH = "/api/v1/public/hotel/"
MINUTE_START = 1_800_000_000.0  # a multiple of 60: a window starts here


@pytest.fixture
def clock(monkeypatch):
    """3 requests a minute; the throttle's clock at `clock.now` (10 s into a window)."""

    class Clock:
        now = MINUTE_START + 10

    monkeypatch.setattr(WindowRateThrottle, "THROTTLE_RATES", {"public_booking": "3/minute"})
    monkeypatch.setattr(WindowRateThrottle, "timer", lambda self: Clock.now)
    return Clock


def get(api_for, hotel, ip: str):  # type: ignore[no-untyped-def]
    return api_for(hotel).get(PATH, REMOTE_ADDR=ip)


def test_the_fourth_request_in_a_window_is_429_until_the_window_ends(api_for, hotel_a, clock):
    assert [get(api_for, hotel_a, "10.0.0.1").status_code for _ in range(3)] == [200] * 3
    refused = get(api_for, hotel_a, "10.0.0.1")
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "THROTTLED"
    assert error["details"]["retry_after"] == 50
    assert refused["Retry-After"] == "50"
    clock.now = MINUTE_START + 60  # the next window
    assert get(api_for, hotel_a, "10.0.0.1").status_code == 200


def test_each_client_and_each_hotel_has_its_own_count(api_for, hotel_a, hotel_b, clock):
    for _ in range(3):
        get(api_for, hotel_a, "10.0.0.1")
    assert get(api_for, hotel_a, "10.0.0.1").status_code == 429
    assert get(api_for, hotel_a, "10.0.0.2").status_code == 200
    assert get(api_for, hotel_b, "10.0.0.1").status_code == 200


def test_the_count_lives_in_redis_and_expires_with_its_window(api_for, hotel_a, clock):
    get(api_for, hotel_a, "10.0.0.7")
    get(api_for, hotel_a, "10.0.0.7")
    window = int(MINUTE_START // 60)
    key = shared_key(
        "throttle", f"throttle_public_booking_10.0.0.7:{window}", schema=hotel_a.schema
    )
    assert client().get(key) == b"2"
    assert 0 < client().ttl(key) <= 60


def test_without_redis_requests_are_let_through(api_for, hotel_a, clock, monkeypatch):
    def down(*args, **kwargs):
        raise redis.ConnectionError("redis is down")

    monkeypatch.setattr(redis.Redis, "evalsha", down)
    assert [get(api_for, hotel_a, "10.0.0.9").status_code for _ in range(5)] == [200] * 5
