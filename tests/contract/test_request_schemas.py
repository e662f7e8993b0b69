"""The request schemas say what the server enforces: a value the schema's pattern, length or
list of values allows is taken, one it forbids is refused (checked against real requests),
so a client generated from the document and the server agree."""

from __future__ import annotations

import re
from typing import Any

import pytest

from innkeep.tenancy.validation import countries, currencies, timezones
from tests.factories import signup_data
from tests.openapi_docs import HOTEL, PLATFORM, component

pytestmark = pytest.mark.django_db


def allowed(schema: dict[str, Any], value: str) -> bool:
    if "oneOf" in schema:
        return any(allowed(option, value) for option in schema["oneOf"])
    return (
        schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", 10**9)
        and re.fullmatch(schema.get("pattern", ".*"), value) is not None
    )


CODES = ["DBL", "dbl", "D-1_X", "9", "-DBL", "_X", "A" * 16, "A" * 17, "DB L", "ÄB", "DB.L"]


@pytest.mark.parametrize("code", CODES)
def test_a_room_type_code_is_taken_exactly_when_the_schema_allows_it(
    api_for, hotel_a, owner_of, code
):
    schema = component(HOTEL, "RoomTypeInputRequest")["properties"]["code"]
    response = api_for(hotel_a).post(
        "/api/v1/room-types/",
        {"code": code, "name": "Room"},
        format="json",
        **owner_of(hotel_a).auth,
    )
    assert response.status_code == (201 if allowed(schema, code) else 400), response.json()


@pytest.mark.parametrize("code", ["SPRING15", "spring-15", "X" * 32, "X" * 33, "-X", "A B"])
def test_a_promo_code_is_taken_exactly_when_the_schema_allows_it(api_for, hotel_a, owner_of, code):
    schema = component(HOTEL, "PromoCodeInputRequest")["properties"]["code"]
    response = api_for(hotel_a).post(
        "/api/v1/promo-codes/",
        {"code": code, "kind": "percent", "value": "10.00"},
        format="json",
        **owner_of(hotel_a).auth,
    )
    assert response.status_code == (201 if allowed(schema, code) else 400), response.json()


LANGUAGES = ["en", "pt-BR", "EN", "eng", "e", "en-", "en-br", "en-ZZZ"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_languages_match_the_schema_in_the_form_they_are_stored(
    api_for, hotel_a, owner_of, language
):
    """The pattern is the stored form; the server also reads EN as en (normalisation)."""
    languages = component(HOTEL, "PatchedHotelProfileUpdateRequest")["properties"]["languages"]
    assert languages["uniqueItems"] is True
    response = api_for(hotel_a).patch(
        "/api/v1/hotel-profile/", {"languages": [language]}, format="json", **owner_of(hotel_a).auth
    )
    if allowed(languages["items"], language):
        assert response.status_code == 200
    elif response.status_code == 200:
        stored = response.json()["languages"]
        assert stored != [language], stored
        assert allowed(languages["items"], stored[0]), stored


def test_the_profile_takes_the_signup_lists_of_time_zones_currencies_and_countries():
    profile = component(HOTEL, "PatchedHotelProfileUpdateRequest")["properties"]
    for field, values in (
        ("timezone", timezones()),
        ("currency", currencies()),
        ("country", countries()),
    ):
        enum = component(HOTEL, profile[field]["allOf"][0]["$ref"].rsplit("/", 1)[1])["enum"]
        assert set(enum) == values, field


def test_the_signup_schema_says_the_signup_rules():
    fields = component(PLATFORM, "SignupRequestRequest")["properties"]
    assert fields["hotel_name"]["maxLength"] == 200
    assert (fields["owner_first_name"]["maxLength"], fields["owner_last_name"]["maxLength"]) == (
        150,
        150,
    )
    assert fields["owner_email"]["format"] == "email"
    assert fields["owner_password"]["minLength"] == 10
    subdomain = fields["subdomain"]
    assert (subdomain["minLength"], subdomain["maxLength"]) == (3, 40)
    for field, values in (
        ("timezone", timezones()),
        ("currency", currencies()),
        ("country", countries()),
    ):
        enum = component(PLATFORM, fields[field]["allOf"][0]["$ref"].rsplit("/", 1)[1])["enum"]
        assert set(enum) == values, field


@pytest.mark.parametrize(
    "subdomain", ["grand", "Grand", "ab", "a" * 40, "a" * 41, "9lives", "grand-", "gr_and", "gränd"]
)
def test_a_subdomain_is_taken_exactly_when_the_schema_allows_it(platform_api, subdomain):
    schema = component(PLATFORM, "SignupRequestRequest")["properties"]["subdomain"]
    response = platform_api.post("/api/v1/signup/", signup_data(subdomain=subdomain), format="json")
    assert response.status_code == (201 if allowed(schema, subdomain) else 400), response.json()


def test_public_rooms_name_codes_and_a_quote_asks_for_one_to_ten_rooms():
    room = component(HOTEL, "RoomRequestRequest")["properties"]
    assert (
        room["room_type"]["pattern"] == room["rate_plan"]["pattern"] == "^[A-Z0-9][A-Z0-9_-]{0,15}$"
    )
    rooms = component(HOTEL, "QuoteRequestRequest")["properties"]["rooms"]
    assert (rooms["minItems"], rooms["maxItems"]) == (1, 10)
