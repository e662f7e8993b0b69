from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["innkeep.test", "alpine.innkeep.test"])
def test_every_response_carries_the_security_headers(client, hotel_a, host):
    response = client.get("/", HTTP_HOST=host)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cors_is_closed_by_default(client, hotel_a):
    response = client.options(
        "/api/v1/auth/token/",
        HTTP_HOST=hotel_a.host,
        HTTP_ORIGIN="https://app.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in response


def test_cors_allows_the_configured_origins_on_the_api_only(settings, client, hotel_a):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    preflight = client.options(
        "/api/v1/auth/token/",
        HTTP_HOST=hotel_a.host,
        HTTP_ORIGIN="https://app.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, idempotency-key",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://app.example.com"
    allowed_headers = preflight["Access-Control-Allow-Headers"]
    assert "authorization" in allowed_headers
    assert "idempotency-key" in allowed_headers
    other = client.options(
        "/api/v1/auth/token/",
        HTTP_HOST=hotel_a.host,
        HTTP_ORIGIN="https://evil.example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in other
    page = client.get("/", HTTP_HOST=hotel_a.host, HTTP_ORIGIN="https://app.example.com")
    assert "Access-Control-Allow-Origin" not in page


def test_a_hotel_session_is_worthless_on_the_platform(web_for, platform_web, hotel_a):
    browser = web_for(hotel_a)
    browser.post(
        "/admin/login/?next=/admin/",
        {"username": hotel_a.owner_email, "password": hotel_a.owner_password},
    )
    platform_web.cookies["sessionid"] = browser.cookies["sessionid"].value
    response = platform_web.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
