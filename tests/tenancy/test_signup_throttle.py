from __future__ import annotations

import random

import pytest
from django.core.cache import cache
from rest_framework.throttling import ScopedRateThrottle

from tests.factories import signup_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_ips(monkeypatch):
    """Two fresh client addresses and a 2/minute signup rate; their counters are removed after
    (never cache.clear(): the Redis database is shared)."""
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"signup": "2/minute"})
    ips = [f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{n}" for n in (1, 2)]
    yield ips
    cache.delete_many([f"throttle_signup_{ip}" for ip in ips])


def test_signup_is_throttled_per_client_with_retry_after(platform_api, client_ips):
    first_ip, second_ip = client_ips

    def signup(subdomain: str, ip: str):
        return platform_api.post(
            "/api/v1/signup/", signup_data(subdomain=subdomain), format="json", REMOTE_ADDR=ip
        )

    assert signup("first", first_ip).status_code == 201
    assert signup("second", first_ip).status_code == 201
    third = signup("third", first_ip)

    assert third.status_code == 429
    body = third.json()["error"]
    assert body["code"] == "THROTTLED"
    assert 0 < body["details"]["retry_after"] <= 60
    assert third["Retry-After"] == str(body["details"]["retry_after"])
    assert signup("fourth", second_ip).status_code == 201
