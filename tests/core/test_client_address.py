"""Who the client is: one helper (`core.client_address`) reads X-Forwarded-For only as far
as NUM_PROXIES trusts it, checks that the hop is an IP address, and every throttle uses it:
a client cannot pick its rate-limit bucket with a header of its own."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from innkeep.core.client_address import client_address
from innkeep.core.throttling import WindowRateThrottle

pytestmark = pytest.mark.django_db

PATH = "/api/v1/public/hotel/"
PROXY = "10.0.0.1"  # REMOTE_ADDR: who opened the connection (nginx in production)


@pytest.mark.parametrize(
    ("num_proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", PROXY),  # the default: any client can write the header
        (1, "203.0.113.5", "203.0.113.5"),  # nginx's one hop
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the left hop is the client's
        (2, "198.51.100.1, 203.0.113.5", "198.51.100.1"),
        (2, "203.0.113.5", PROXY),  # fewer hops than proxies: not through them all
        (1, "203.0.113.5, not-an-address", PROXY),
        (1, "203.0.113.5, ", "203.0.113.5"),
        (1, "", PROXY),
        (1, " 2001:DB8:0::0001 ", "2001:db8::1"),  # one spelling per address
    ],
)
def test_the_client_is_the_hop_num_proxies_from_the_right(
    settings, num_proxies, forwarded, expected
):
    settings.NUM_PROXIES = num_proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_without_a_header_the_connection_is_the_client(settings):
    settings.NUM_PROXIES = 1
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="192.0.2.4")) == "192.0.2.4"


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(WindowRateThrottle, "THROTTLE_RATES", {"public_booking": "3/minute"})
    monkeypatch.setattr(WindowRateThrottle, "timer", lambda self: 1_800_000_010.0)


def get(api_for, hotel, forwarded: str):  # type: ignore[no-untyped-def]
    return api_for(hotel).get(PATH, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def test_a_header_sent_by_the_client_does_not_pick_its_bucket(api_for, hotel_a, three_a_minute):
    # Default settings (no proxy): every request below is the same client.
    statuses = [get(api_for, hotel_a, f"198.51.100.{n}").status_code for n in range(1, 5)]
    assert statuses == [200, 200, 200, 429]


def test_behind_one_proxy_each_client_has_its_own_bucket(
    settings, api_for, hotel_a, three_a_minute
):
    settings.NUM_PROXIES = 1
    for n in range(3):
        get(api_for, hotel_a, f"192.0.2.{n}, 203.0.113.1")
    # What the client wrote left of the proxy's hop changes nothing...
    assert get(api_for, hotel_a, "192.0.2.99, 203.0.113.1").status_code == 429
    assert get(api_for, hotel_a, "203.0.113.1").status_code == 429
    # ...another client behind the same proxy has its own count.
    assert get(api_for, hotel_a, "203.0.113.2").status_code == 200


def _views(patterns):  # type: ignore[no-untyped-def]
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if view is not None:
                yield str(pattern.pattern), view


@pytest.mark.parametrize("urlconf", ["innkeep.urls_tenant", "innkeep.urls_public"])
def test_every_throttle_of_the_api_reads_the_client_address_helper(settings, urlconf):
    assert settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_CLASSES", []) == []
    views = dict(_views(get_resolver(urlconf).url_patterns))
    throttled = {route: view.throttle_classes for route, view in views.items()}
    others = {
        route: [throttle.__name__ for throttle in throttles]
        for route, throttles in throttled.items()
        if any(not issubclass(throttle, WindowRateThrottle) for throttle in throttles)
    }
    assert any(throttled.values())  # the public booking API, signup, password reset
    assert others == {}
