"""Host routing and the one error shape."""

from __future__ import annotations

import pytest

from innkeep.tenancy.models import Hotel, HotelStatus
from innkeep.tenancy.selectors import hosts_changed

pytestmark = pytest.mark.django_db

NOT_FOUND_BODY = {
    "error": {
        "code": "HOTEL_NOT_FOUND",
        "message": "There is no hotel at this address.",
        "details": {},
    }
}


def test_unknown_subdomain_is_a_clean_404_in_json_under_api(client):
    response = client.get("/api/v1/public/hotel/", HTTP_HOST="nowhere.innkeep.test")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND_BODY


def test_unknown_subdomain_is_a_404_page_elsewhere(client):
    response = client.get("/", HTTP_HOST="nowhere.innkeep.test")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"There is no hotel at this address." in response.content


def test_host_outside_allowed_hosts_is_404_not_500(client):
    response = client.get("/api/v1/", HTTP_HOST="evil.example.com")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND_BODY


def test_hotel_host_routes_to_that_hotel(client, hotel_a, hotel_b):
    a = client.get("/", HTTP_HOST=hotel_a.host)
    b = client.get("/", HTTP_HOST=hotel_b.host)
    assert a.status_code == b.status_code == 200
    assert b"<h1>Alpine Lodge</h1>" in a.content
    assert b"<h1>Bayview Inn</h1>" in b.content


def test_host_with_port_and_uppercase_routes(client, hotel_a):
    response = client.get("/", HTTP_HOST=f"{hotel_a.host.upper()}:8000")
    assert response.status_code == 200
    assert b"<h1>Alpine Lodge</h1>" in response.content


def test_closed_hotel_is_410(client, hotel_a):
    Hotel.objects.filter(pk=hotel_a.hotel.pk).update(status=HotelStatus.CLOSED)
    hosts_changed()  # .update() sends no signal
    response = client.get("/api/v1/anything/", HTTP_HOST=hotel_a.host)
    assert response.status_code == 410
    assert response.json()["error"]["code"] == "HOTEL_CLOSED"


def test_root_domain_serves_the_platform(client):
    response = client.get("/", HTTP_HOST="innkeep.test")
    assert response.status_code == 200
    assert b"Sign your hotel up" in response.content


def test_unknown_api_path_is_json_not_found_on_both_kinds_of_host(client, hotel_a):
    for host in ("innkeep.test", hotel_a.host):
        response = client.get("/api/v1/no-such-thing/", HTTP_HOST=host)
        assert response.status_code == 404
        assert response.json() == {
            "error": {"code": "NOT_FOUND", "message": "Not found.", "details": {}}
        }


def test_unexpected_error_is_500_with_no_trace(platform_api, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr("innkeep.tenancy.api.hotel_signup", explode)
    from tests.factories import signup_data

    response = platform_api.post("/api/v1/signup/", signup_data(), format="json")
    assert response.status_code == 500
    assert response.json() == {
        "error": {
            "code": "INTERNAL_ERROR",
            "message": "An unexpected error occurred.",
            "details": {},
        }
    }
    assert b"secret" not in response.content
    assert b"Traceback" not in response.content


@pytest.mark.parametrize("host", ["innkeep.test", "alpine.innkeep.test"])
@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/", "/api/redoc/"])
def test_openapi_and_viewers_are_served_offline_on_both_domains(client, hotel_a, host, path):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    if path == "/api/schema/":
        assert b"openapi: 3" in response.content
    else:
        body = response.content.decode()
        # Swagger UI straight from the sidecar's files; ReDoc's sidecar bundle through the app
        # (innkeep.core.docs_views).
        served_from = {
            "/api/docs/": "/static/drf_spectacular_sidecar/swagger-ui-dist/",
            "/api/redoc/": '<script src="/api/redoc/redoc.standalone.js?v=',
        }
        assert served_from[path] in body
        assert "cdn." not in body
        assert "unpkg" not in body


def test_platform_schema_documents_signup_and_its_error_shape(client):
    response = client.get("/api/schema/?format=json", HTTP_HOST="innkeep.test")
    schema = response.json()
    operation = schema["paths"]["/api/v1/signup/"]["post"]
    assert set(operation["responses"]) == {"201", "400", "409", "422", "429"}
    assert "Error" in schema["components"]["schemas"]
    assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])


def test_request_id_is_echoed_or_made(client):
    made = client.get("/healthz")
    assert len(made["X-Request-ID"]) == 32
    given = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123-def-456")
    assert given["X-Request-ID"] == "abc-123-def-456"
    unsafe = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert unsafe["X-Request-ID"] != "bad id\nwith newline"


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/public/nope/", "/api/nope", "/api/"])
def test_an_api_path_no_route_matches_is_a_json_404_whatever_debug_says(
    client, hotel_a, settings, debug, path
):
    settings.DEBUG = debug
    for host in ("innkeep.test", hotel_a.host):
        for method in ("get", "post", "put", "delete"):
            response = getattr(client, method)(path, HTTP_HOST=host)
            assert response.status_code == 404, (host, method)
            assert response["Content-Type"] == "application/json"
            assert response.json() == {
                "error": {"code": "NOT_FOUND", "message": "Not found.", "details": {}}
            }


@pytest.mark.parametrize("debug", [False, True])
def test_other_paths_keep_their_html_404_page(client, hotel_a, settings, debug):
    settings.DEBUG = debug
    for host in ("innkeep.test", hotel_a.host):
        response = client.get("/no-such-page/", HTTP_HOST=host)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("debug", [False, True])
def test_an_api_route_without_its_slash_is_redirected_on_reads_and_named_on_writes(
    client, hotel_a, settings, debug
):
    settings.DEBUG = debug  # Django's own redirect raised a RuntimeError (500) on a POST here
    read = client.get("/api/v1/public/hotel?x=1", HTTP_HOST=hotel_a.host)
    write = client.post("/api/v1/signup", {}, HTTP_HOST="innkeep.test")

    assert (read.status_code, read["Location"]) == (301, "/api/v1/public/hotel/?x=1")
    assert write.status_code == 404
    assert write.json()["error"] == {
        "code": "NOT_FOUND",
        "message": "Not found. API paths end with a slash: /api/v1/signup/",
        "details": {},
    }
