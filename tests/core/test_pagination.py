"""`?page=` and `?page_size=` on every list (innkeep.core.pagination): a bad number is 400
VALIDATION_ERROR on that field, a page after the last one is empty, and the OpenAPI of
every paginated list says so."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tests.errors import refusal
from tests.properties import catalogue

pytestmark = pytest.mark.django_db

URL = "/api/v1/room-types/"


@pytest.fixture
def three_room_types(api_for, owner_of, hotel_a):  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        for code in ("AAA", "BBB", "CCC"):
            catalogue.room_type(code)
    client = api_for(hotel_a)
    client.credentials(HTTP_AUTHORIZATION=owner_of(hotel_a).auth["HTTP_AUTHORIZATION"])
    return client


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", " 2", "+2", "2_0", "9" * 19])
def test_a_page_that_is_not_a_whole_number_from_1_is_400(three_room_types, page):
    response = three_room_types.get(URL, {"page": page})
    assert (response.status_code, response.json()) == (
        400,
        refusal("page", "Use a whole number from 1."),
    )


@pytest.mark.parametrize("size", ["0", "-5", "abc", "201", "99999999999"])
def test_a_page_size_outside_1_to_200_is_400(three_room_types, size):
    response = three_room_types.get(URL, {"page_size": size})
    assert (response.status_code, response.json()) == (
        400,
        refusal("page_size", "Use a whole number from 1 to 200."),
    )


@pytest.mark.parametrize("page", ["3", "999999", "9" * 18])
def test_a_page_after_the_last_is_empty_and_points_back_to_the_last(three_room_types, page):
    response = three_room_types.get(URL, {"page": page, "page_size": "2"})
    assert response.status_code == 200
    assert response.json() == {
        "count": 3,
        "next": None,
        "previous": "http://alpine.innkeep.test/api/v1/room-types/?page=2&page_size=2",
        "results": [],
    }


def test_pages_in_range_and_the_last_answer_as_before(three_room_types):
    first = three_room_types.get(URL, {"page_size": "2"}).json()
    last = three_room_types.get(URL, {"page": "last", "page_size": "2"}).json()
    everything = three_room_types.get(URL, {"page_size": "200", "page": ""}).json()

    assert [r["code"] for r in first["results"]] == ["AAA", "BBB"]
    assert first["next"] == "http://alpine.innkeep.test/api/v1/room-types/?page=2&page_size=2"
    assert [r["code"] for r in last["results"]] == ["CCC"]
    assert last["previous"] == "http://alpine.innkeep.test/api/v1/room-types/?page_size=2"
    assert (everything["count"], everything["next"]) == (3, None)


def test_past_the_end_of_an_empty_list_points_back_to_the_first_page(api_for, owner_of, hotel_a):
    response = api_for(hotel_a).get(URL, {"page": "2"}, **owner_of(hotel_a).auth)
    assert response.json() == {
        "count": 0,
        "next": None,
        "previous": "http://alpine.innkeep.test/api/v1/room-types/",
        "results": [],
    }


def test_every_paginated_list_documents_its_pages_and_the_400(client, hotel_a):
    schema = client.get("/api/schema/?format=json", HTTP_HOST=hotel_a.host).json()
    lists = {
        path: operation
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method == "get" and any(p["name"] == "page" for p in operation.get("parameters", []))
    }
    assert len(lists) == 18
    for path, operation in lists.items():
        parameters = {p["name"]: p for p in operation["parameters"]}
        assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}, path
        assert "A page after the last one is empty" in parameters["page"]["description"]
        assert parameters["page_size"]["schema"] == {
            "type": "integer",
            "minimum": 1,
            "maximum": 200,
        }, path
        assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }, path
