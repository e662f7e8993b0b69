"""A method an endpoint does not take is 405 METHOD_NOT_ALLOWED in the standard shape, for
every caller, signed in or not, whatever the role: never 403 or 401 (credentials that are
not valid here, such as another hotel's token, are still refused first with 401). `Allow`
names what the endpoint takes. Every endpoint of the hotel API (tests/accounts/endpoints.py)
and the platform's."""

from __future__ import annotations

import pytest

from tests.accounts.endpoints import EXPECTED, hotel_digest, url_for

pytestmark = pytest.mark.django_db

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
DECLARED: dict[str, set[str]] = {}
for _name, _method in EXPECTED:
    DECLARED.setdefault(_name, set()).add(_method)


def allow(methods: set[str]) -> set[str]:
    return methods | {"OPTIONS"} | ({"HEAD"} if "GET" in methods else set())


def assert_405(response, method: str, allowed: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 405, (method, response.status_code, response.content)
    assert response.json() == {
        "error": {
            "code": "METHOD_NOT_ALLOWED",
            "message": f'Method "{method}" not allowed.',
            "details": {},
        }
    }
    assert set(response["Allow"].split(", ")) == allow(allowed)


def test_a_method_an_endpoint_does_not_take_is_405_for_every_caller(api_for, hotel_a, world):
    client = api_for(hotel_a)
    callers = [{}, world["callers"]["owner"].auth, world["callers"]["housekeeping"].auth]
    before = hotel_digest(hotel_a.schema)
    for name, declared in sorted(DECLARED.items()):
        path = url_for(name, world)
        for method in sorted(set(METHODS) - declared):
            for headers in callers:
                response = client.generic(method, path, b"{}", "application/json", **headers)
                assert_405(response, method, declared)
    assert hotel_digest(hotel_a.schema) == before


def test_the_audits_example_put_on_the_public_hotel_is_405(api_for, hotel_a):
    response = api_for(hotel_a).put("/api/v1/public/hotel/", {}, format="json")
    assert_405(response, "PUT", {"GET"})


def test_the_platform_signup_takes_post_only(platform_api):
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        response = platform_api.generic(method, "/api/v1/signup/", b"{}", "application/json")
        assert_405(response, method, {"POST"})
