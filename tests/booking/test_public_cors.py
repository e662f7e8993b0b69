"""A hotel's own web site calls the public booking API from the guest's browser (CORS): any
origin, no credentials (the staff API: tests/accounts/test_cors.py)."""

from __future__ import annotations

import pytest

from tests.booking.conftest import d

pytestmark = pytest.mark.django_db

SITE = "https://www.alpine-lodge.example"
AVAILABILITY = "/api/v1/public/availability/"


def test_a_hotel_site_may_search_from_the_browser(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    preflight = client.options(
        AVAILABILITY,
        HTTP_ORIGIN=SITE,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == SITE
    assert "GET" in preflight["Access-Control-Allow-Methods"].split(", ")
    assert "Access-Control-Allow-Credentials" not in preflight

    answer = client.get(
        AVAILABILITY,
        {"check_in": str(d(1)), "check_out": str(d(2)), "adults": 2},
        HTTP_ORIGIN=SITE,
    )
    assert answer.status_code == 200
    assert answer["Access-Control-Allow-Origin"] == SITE
    assert "Access-Control-Allow-Credentials" not in answer
    assert "x-request-id" in answer["Access-Control-Expose-Headers"].split(", ")


def test_a_quote_may_be_asked_from_the_browser(api_for, hotel_a, catalogue):
    preflight = api_for(hotel_a).options(
        "/api/v1/public/quotes/",
        HTTP_ORIGIN=SITE,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == SITE
    assert "content-type" in preflight["Access-Control-Allow-Headers"].split(", ")
