from __future__ import annotations

import random

import pytest

from innkeep.core.throttling import WindowRateThrottle
from tests.factories import signup_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_ips(monkeypatch):
    """Two fresh client addresses and a 2/minute signup rate (the counters are removed with
    the run's keys after each test), the clock held 30 s into a minute: windows are calendar
    minutes, and a test that crossed into the next one would start counting again."""
    monkeypatch.setattr(WindowRateThrottle, "THROTTLE_RATES", {"signup": "2/minute"})
    monkeypatch.setattr(WindowRateThrottle, "timer", lambda self: 1_800_000_030.0)
    return [f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{n}" for n in (1, 2)]


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
    assert body["details"]["retry_after"] == 30
    assert third["Retry-After"] == str(body["details"]["retry_after"])
    assert signup("fourth", second_ip).status_code == 201


def test_a_header_sent_by_the_client_does_not_pick_its_signup_bucket(platform_api, client_ips):
    first_ip, _ = client_ips

    def signup(subdomain: str, forwarded: str):
        return platform_api.post(
            "/api/v1/signup/",
            signup_data(subdomain=subdomain),
            format="json",
            REMOTE_ADDR=first_ip,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    assert signup("first", "198.51.100.1").status_code == 201
    assert signup("second", "198.51.100.2").status_code == 201
    assert signup("third", "198.51.100.3").status_code == 429
