"""The staff API answers only the browser origins the operator lists (CORS_ALLOWED_ORIGINS);
the public booking API answers any (tests/booking/test_public_cors.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

SITE = "https://www.alpine-lodge.example"


def test_the_staff_api_answers_no_unlisted_origin(api_for, hotel_a, owner_of, settings):
    owner = owner_of(hotel_a)
    client = api_for(hotel_a)
    refused = client.get("/api/v1/room-types/", HTTP_ORIGIN=SITE, **owner.auth)
    assert refused.status_code == 200  # the browser, not the server, enforces CORS
    assert "Access-Control-Allow-Origin" not in refused
    preflight = client.options(
        "/api/v1/room-types/", HTTP_ORIGIN=SITE, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in preflight

    settings.CORS_ALLOWED_ORIGINS = [SITE]  # the operator lists the hotel's back office app
    listed = client.get("/api/v1/room-types/", HTTP_ORIGIN=SITE, **owner.auth)
    assert listed["Access-Control-Allow-Origin"] == SITE
