"""The staff lists' query-parameter filters (django-filter FilterSets, innkeep.core.filters):
the OpenAPI parameters are generated from them with their types and enums, and every one of
them refuses a bad value with the standard 400 naming it, never a 500 and never ignored."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.core.filters import CODES_MESSAGE
from tests.errors import refusal
from tests.openapi_docs import HOTEL, operations
from tests.properties import catalogue

BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
CODES = {"type": "array", "items": {"type": "string"}}
DATE_RANGE = {"date_from": DATE, "date_to": DATE}

# path -> {parameter: its schema}, for every staff list that filters
FILTERS = {
    "/api/v1/users/": {
        "role": {
            "type": "string",
            "enum": ["accountant", "front_desk", "housekeeping", "manager", "owner"],
        },
        "is_active": BOOLEAN,
    },
    "/api/v1/room-types/": {"active": BOOLEAN},
    "/api/v1/rooms/": {
        "active": BOOLEAN,
        "room_type": CODES,
        "floor": {"type": "integer"},
        "housekeeping_status": {
            "type": "string",
            "enum": ["clean", "dirty", "inspected", "out_of_order"],
        },
    },
    "/api/v1/extras/": {
        "active": BOOLEAN,
        "pricing": {"type": "string", "enum": ["per_guest_night", "per_night", "per_stay"]},
    },
    "/api/v1/rate-plans/": {"active": BOOLEAN, "room_type": CODES},
    "/api/v1/taxes/": {
        "active": BOOLEAN,
        "kind": {"type": "string", "enum": ["per_person_night", "percent"]},
    },
    "/api/v1/promo-codes/": {"active": BOOLEAN},
    "/api/v1/rates/": {"rate_plan": CODES, "room_type": CODES, **DATE_RANGE},
    "/api/v1/restrictions/": {"rate_plan": CODES, "room_type": CODES, **DATE_RANGE},
    "/api/v1/inventory/": {"room_type": CODES, **DATE_RANGE},
}
NOT_FILTERS = {"page", "page_size", "search", "ordering"}

# A bad value for each kind of parameter, and what the 400 says about it.
BAD = {
    "boolean": ("perhaps", "Use true or false."),
    "integer": ("first", "Use a whole number."),
    "date": ("2027-02-30", "Use a date as YYYY-MM-DD."),
    "array": ("DBL,D BL!", CODES_MESSAGE),
}


def documented_filters() -> dict[str, dict[str, dict]]:
    found: dict[str, dict[str, dict]] = {}
    for method, path, operation in operations(HOTEL):
        if method != "GET" or path not in FILTERS:
            continue
        found[path] = {
            parameter["name"]: parameter
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query" and parameter["name"] not in NOT_FILTERS
        }
    return found


def test_the_openapi_lists_each_filter_with_its_type_and_enum():
    documented = documented_filters()

    assert {
        path: {name: parameter["schema"] for name, parameter in parameters.items()}
        for path, parameters in documented.items()
    } == FILTERS
    for path, parameters in documented.items():
        for name, parameter in parameters.items():
            assert parameter["description"], (path, name)
            assert parameter.get("required", False) is False, (path, name)
            if parameter["schema"]["type"] == "array":
                # one query parameter, codes comma separated: room_type=DBL,TWN
                assert (parameter["style"], parameter["explode"]) == ("form", False), (path, name)


def bad_value(schema: dict) -> tuple[str, str]:
    if "enum" in schema:
        return "nope", ""
    return BAD[schema.get("format", schema["type"])]


@pytest.fixture
def owner_api(api_for, owner_of, hotel_a):  # type: ignore[no-untyped-def]
    client = api_for(hotel_a)
    client.credentials(HTTP_AUTHORIZATION=owner_of(hotel_a).auth["HTTP_AUTHORIZATION"])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "name"), [(path, name) for path, names in FILTERS.items() for name in names]
)
def test_every_documented_filter_refuses_a_bad_value_with_the_standard_400(owner_api, path, name):
    schema = FILTERS[path][name]
    value, message = bad_value(schema)

    response = owner_api.get(path, {name: value})

    assert response.status_code == 400, response.content
    body = response.json()
    if "enum" in schema:  # the message names the values to use
        (message,) = body["error"]["details"]["fields"][name]
        assert all(choice in message for choice in schema["enum"]), message
    assert body == refusal(name, message)


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["20270301", "2027-3-1", "03/01/2027", "2027-03-01T00:00"])
def test_a_date_is_written_yyyy_mm_dd_and_nothing_else(owner_api, written):
    response = owner_api.get("/api/v1/rates/", {"date_from": written})

    assert (response.status_code, response.json()) == (
        400,
        refusal("date_from", "Use a date as YYYY-MM-DD."),
    )


@pytest.mark.django_db
def test_problems_of_several_parameters_are_answered_together(owner_api):
    response = owner_api.get(
        "/api/v1/inventory/",
        {"date_from": "2027-03-05", "date_to": "2027-03-01", "room_type": "D%BL"},
    )

    assert response.status_code == 400
    assert response.json()["error"]["details"]["fields"] == {
        "date_to": ["Must be on or after date_from."],
        "room_type": [CODES_MESSAGE],
    }


@pytest.mark.django_db
def test_codes_ignore_case_spaces_and_empty_entries_and_an_empty_value_is_no_filter(
    owner_api, hotel_a
):
    with tenant_context(hotel_a.hotel):
        double, twin = catalogue.room_type("DBL"), catalogue.room_type("TWN")
        catalogue.room_type("STE")
        catalogue.room("101", double, floor=1)
        catalogue.room("102", twin, floor=-1, active=False)
        catalogue.room("103", catalogue.room_type("SGL"), floor=1)

    def numbers(**query: str) -> list[str]:
        response = owner_api.get("/api/v1/rooms/", {"ordering": "number", **query})
        assert response.status_code == 200, response.content
        return [room["number"] for room in response.json()["results"]]

    assert numbers(room_type=" dbl , twn,,") == ["101", "102"]
    assert numbers(floor="-1") == ["102"]
    assert numbers(active="0") == ["102"]
    assert numbers(active="TRUE", floor="1") == ["101", "103"]
    assert numbers(active="", room_type="", floor="", housekeeping_status="") == [
        "101",
        "102",
        "103",
    ]


@pytest.mark.django_db
def test_the_browsable_api_shows_the_filters_form(owner_api):
    """The form's template comes from the django_filters app (INSTALLED_APPS)."""
    response = owner_api.get("/api/v1/rooms/", {"active": "true"}, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="housekeeping_status"' in page
    assert 'name="floor"' in page
