"""Small hostile requests get a documented 4xx, never a 500: a JSON body nested too deep,
a body larger than the server reads, more form fields than it takes apart; on the public,
staff and platform APIs and on the pages (admin, signup). nginx's limit is the app's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django_tenants.utils import tenant_context

from innkeep.core.parsers import MAX_JSON_DEPTH, nests_deeper_than
from innkeep.properties.models import RoomType
from innkeep.tenancy.models import Hotel
from tests.accounts.endpoints import hotel_digest

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]
NESTED = b"[" * 1000 + b"]" * 1000  # 2 KB: the audit's repro
TOO_DEEP = {
    "error": {
        "code": "MALFORMED_REQUEST",
        "message": f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.",
        "details": {"max_depth": MAX_JSON_DEPTH},
    }
}
TOO_MANY_FIELDS = {
    "error": {
        "code": "MALFORMED_REQUEST",
        "message": "The request has more than 1000 fields.",
        "details": {"max_fields": 1000},
    }
}
BIG_JSON = b'{"name": "' + b"x" * 3_000_000 + b'"}'  # over DATA_UPLOAD_MAX_MEMORY_SIZE
MANY_FIELDS = "&".join(f"f{n}=1" for n in range(1001))


def too_large(max_bytes: int) -> dict:
    return {
        "error": {
            "code": "PAYLOAD_TOO_LARGE",
            "message": f"The request body is too large: at most {max_bytes} bytes.",
            "details": {"max_bytes": max_bytes},
        }
    }


@pytest.fixture
def owner_api(api_for, owner_of, hotel_a):  # type: ignore[no-untyped-def]
    client = api_for(hotel_a)
    client.credentials(HTTP_AUTHORIZATION=owner_of(hotel_a).auth["HTTP_AUTHORIZATION"])
    return client


def endpoints(api_for, owner_api, platform_api, hotel_a):  # type: ignore[no-untyped-def]
    """(client, path) for a public, a staff, a sign-in and the platform's signup endpoint."""
    guest = api_for(hotel_a)
    return [
        (guest, "/api/v1/public/quotes/"),
        (guest, "/api/v1/auth/token/"),
        (owner_api, "/api/v1/room-types/"),
        (owner_api, "/api/v1/rates/bulk/"),
        (platform_api, "/api/v1/signup/"),
    ]


def hotels_and_rows(hotel_a) -> tuple[list[str], dict[str, str]]:  # type: ignore[no-untyped-def]
    return sorted(Hotel.objects.values_list("subdomain", flat=True)), hotel_digest(hotel_a.schema)


def test_a_body_nested_a_thousand_deep_is_400_malformed_request_everywhere(
    api_for, owner_api, platform_api, hotel_a
):
    before = hotels_and_rows(hotel_a)
    for client, path in endpoints(api_for, owner_api, platform_api, hotel_a):
        for body in (NESTED, b'{"a":' * 1000 + b"1" + b"}" * 1000):
            response = client.generic("POST", path, body, content_type="application/json")
            assert (response.status_code, response.json()) == (400, TOO_DEEP), path
    assert hotels_and_rows(hotel_a) == before


def test_nesting_up_to_the_limit_is_read_as_before(api_for, hotel_a):
    client = api_for(hotel_a)
    at_limit = b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH
    response = client.generic("POST", "/api/v1/public/quotes/", at_limit, "application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"  # a list, not an object


def test_nesting_depth_ignores_brackets_inside_strings():
    text = json.dumps({"special_requests": "[" * 100 + '\\"{' * 50, "rooms": [["x"]]})
    assert nests_deeper_than(text, 3) is False
    assert nests_deeper_than(text, 2) is True
    assert nests_deeper_than("[" * 33 + "]" * 33, 32) is True
    assert nests_deeper_than("[]" * 5000, 1) is False
    assert nests_deeper_than('{"a": [1, {"b": []}]}', 4) is False
    assert nests_deeper_than('{"a": [1, {"b": []}]}', 3) is True


def test_a_json_body_larger_than_django_reads_is_413_everywhere(
    api_for, owner_api, platform_api, hotel_a
):
    before = hotels_and_rows(hotel_a)
    for client, path in endpoints(api_for, owner_api, platform_api, hotel_a):
        response = client.generic("POST", path, BIG_JSON, content_type="application/json")
        expected = too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        assert (response.status_code, response.json()) == (413, expected), path
    assert hotels_and_rows(hotel_a) == before


def test_more_form_fields_than_django_takes_is_400_malformed_request(
    api_for, owner_api, platform_api, hotel_a
):
    before = hotels_and_rows(hotel_a)
    for client, path in endpoints(api_for, owner_api, platform_api, hotel_a):
        for content_type in ("application/x-www-form-urlencoded",):
            response = client.generic("POST", path, MANY_FIELDS, content_type=content_type)
            assert (response.status_code, response.json()) == (400, TOO_MANY_FIELDS), path
    assert hotels_and_rows(hotel_a) == before


def test_a_body_over_the_request_limit_is_413_before_it_is_read(api_for, hotel_a, web_for):
    limit = settings.REQUEST_BODY_MAX_BYTES
    body = b"x" * (limit + 1)
    api = api_for(hotel_a).generic("POST", "/api/v1/public/quotes/", body, "application/json")
    page = web_for(hotel_a).generic("POST", "/admin/login/", body, "application/octet-stream")

    assert (api.status_code, api.json()) == (413, too_large(limit))
    assert page.status_code == 413
    assert page["Content-Type"].startswith("text/html")
    assert f"at most {limit} bytes".encode() in page.content


def test_admin_and_signup_pages_answer_a_clean_page_to_forms_too_large_or_too_many_fields(
    web_for, platform_web, owner_of, hotel_a
):
    browser = web_for(hotel_a)
    owner = owner_of(hotel_a)
    credentials = {"username": owner.user.email, "password": owner.password}
    assert browser.post("/admin/login/", credentials).status_code == 302
    form = "application/x-www-form-urlencoded"
    pages = [
        (browser, "/admin/login/"),
        (browser, "/admin/properties/roomtype/add/"),
        (platform_web, "/signup/"),
    ]
    for client, path in pages:
        many = client.generic("POST", path, MANY_FIELDS, content_type=form)
        big = client.generic("POST", path, b"a=" + b"x" * 3_000_000, content_type=form)

        assert many.status_code == 400, path
        assert many["Content-Type"].startswith("text/html")
        assert b"The request has more than 1000 fields." in many.content
        assert big.status_code == 413, path
        assert b"The request body is too large" in big.content
    with tenant_context(hotel_a.hotel):
        assert not RoomType.objects.exists()


def test_nginx_takes_the_same_body_size_as_the_app():
    site = (PROJECT_DIR / "nginx" / "innkeep" / "site.conf").read_text()
    (size,) = re.findall(r"^client_max_body_size (\d+)m;$", site, re.MULTILINE)
    assert int(size) * 1024 * 1024 == settings.REQUEST_BODY_MAX_BYTES
    # nginx's own 413 is the app's answer to the same request, word for word
    (answer,) = re.findall(r"return 413 '(.*)\\n';", site)
    assert json.loads(answer) == too_large(settings.REQUEST_BODY_MAX_BYTES)
    # and a room photo (5 MB) with its form fits under it
    assert settings.REQUEST_BODY_MAX_BYTES > 5 * 1024 * 1024 + 64 * 1024
