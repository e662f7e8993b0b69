"""GET /api/v1/reservations/: filters, search and ordering give exactly the reservations
asked for; a bad value is 400 naming the parameter; another hotel sees none of it."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from innkeep.reservations.models import ReservationStatus
from tests.accounts.endpoints import hotel_digest
from tests.errors import refusal
from tests.factories import PartyMemberFactory, RoomTypeFactory, StayExtraFactory
from tests.openapi_docs import HOTEL, operations
from tests.reservations.desk import room_of, stay_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(hotel_a, frozen_now):  # type: ignore[no-untyped-def]
    """A: confirmed DBL 2-4 March, phone booking by Ada Guest; B: in house SGL 28 Feb - 2
    March, web booking by Bob Stone for his guest Carla Diaz; C: cancelled DBL 10-12 March."""
    with tenant_context(hotel_a.hotel):
        dbl = RoomTypeFactory(code="DBL")
        sgl = RoomTypeFactory(code="SGL")
        a = stay_of(
            "AAAA11",
            room_type=dbl,
            room=room_of(dbl, "101"),
            adults=2,
            reservation={"source": "phone", "total": "200.00"},
        )
        member = PartyMemberFactory(stay=a, first_name="Eva")
        StayExtraFactory(stay=a)
        b = stay_of(
            "BBBB22",
            status=ReservationStatus.CHECKED_IN,
            room_type=sgl,
            check_in=date(2027, 2, 28),
            check_out=date(2027, 3, 2),
            room=room_of(sgl, "201"),
            guest_first_name="Carla",
            guest_last_name="Diaz",
            guest_email="carla@guest.test",
            guest_phone="+34699000111",
            reservation={
                "source": "web",
                "booker_first_name": "Bob",
                "booker_last_name": "Stone",
                "booker_email": "bob@stone.test",
                "booker_phone": "+34699000222",
                "total": "90.00",
            },
        )
        c = stay_of(
            "CCCC33",
            status=ReservationStatus.CANCELLED,
            room_type=dbl,
            check_in=date(2027, 3, 10),
            check_out=date(2027, 3, 12),
            reservation={"booker_phone": "+34699000333", "total": "300.00"},
        )
    return {"a": a, "b": b, "c": c, "member": member.pk}


def codes(api, hotel, owner, **query) -> list[str]:  # type: ignore[no-untyped-def]
    response = api(hotel).get("/api/v1/reservations/", query, **owner.auth)
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["BBBB22", "AAAA11", "CCCC33"]),
        ({"status": "confirmed"}, ["AAAA11"]),
        ({"status": "confirmed,checked_in"}, ["BBBB22", "AAAA11"]),
        ({"arrival_from": "2027-03-01"}, ["AAAA11", "CCCC33"]),
        ({"arrival_to": "2027-03-01"}, ["BBBB22"]),
        ({"departure_from": "2027-03-04", "departure_to": "2027-03-04"}, ["AAAA11"]),
        ({"in_house_on": "2027-03-01"}, ["BBBB22"]),
        ({"in_house_on": "2027-03-02"}, ["AAAA11"]),
        ({"in_house_on": "2027-03-11"}, []),  # C is cancelled
        ({"room_type": "sgl"}, ["BBBB22"]),
        ({"room_type": "DBL", "status": "cancelled"}, ["CCCC33"]),
        ({"source": "web"}, ["BBBB22"]),
        ({"source": "phone,staff"}, ["AAAA11", "CCCC33"]),
        ({"q": "carla"}, ["BBBB22"]),
        ({"q": "Diaz CARLA"}, ["BBBB22"]),
        ({"q": "stone.test"}, ["BBBB22"]),
        ({"q": "cccc33"}, ["CCCC33"]),
        ({"q": "699 000 111"}, ["BBBB22"]),  # the guest's phone
        ({"q": "0034 699 000 333"}, ["CCCC33"]),  # the booker's
        ({"q": "Ada Stone"}, []),  # every word must match
        ({"ordering": "-arrival"}, ["CCCC33", "AAAA11", "BBBB22"]),
        ({"ordering": "total"}, ["BBBB22", "AAAA11", "CCCC33"]),
        ({"ordering": "booker_last_name,-created_at"}, ["CCCC33", "AAAA11", "BBBB22"]),
        ({"ordering": " booker_last_name , -created_at,"}, ["CCCC33", "AAAA11", "BBBB22"]),
    ],
)
def test_filters_search_and_ordering_are_exact(api_for, hotel_a, owner_of, booked, query, expected):
    assert codes(api_for, hotel_a, owner_of(hotel_a), **query) == expected


def test_rate_plan_filter(api_for, hotel_a, owner_of, booked):
    plan = booked["b"].rate_plan.code
    assert codes(api_for, hotel_a, owner_of(hotel_a), rate_plan=plan) == ["BBBB22"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "arrived"}, "status"),
        ({"source": "fax"}, "source"),
        ({"arrival_from": "2027-13-01"}, "arrival_from"),
        ({"arrival_from": "2027-03-05", "arrival_to": "2027-03-01"}, "arrival_to"),
        ({"departure_to": "tomorrow"}, "departure_to"),
        ({"in_house_on": "1.3.2027"}, "in_house_on"),
        ({"room_type": "a b"}, "room_type"),
        ({"rate_plan": "!"}, "rate_plan"),
        ({"ordering": "password"}, "ordering"),
        ({"q": "x" * 101}, "q"),
        ({"q": "ada\x00"}, "q"),
        ({"status": "confirmed,arrived"}, "status"),
        ({"ordering": "arrival,-password"}, "ordering"),
    ],
)
def test_a_bad_filter_is_400_naming_it(api_for, hotel_a, owner_of, booked, query, field):
    response = api_for(hotel_a).get("/api/v1/reservations/", query, **owner_of(hotel_a).auth)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], list(error["details"]["fields"])) == ("VALIDATION_ERROR", [field])


def test_status_and_source_in_any_case_and_empty_entries_are_no_filter(
    api_for, hotel_a, owner_of, booked
):
    owner = owner_of(hotel_a)
    assert codes(api_for, hotel_a, owner, status=" Confirmed, CHECKED_IN,,") == ["BBBB22", "AAAA11"]
    assert codes(api_for, hotel_a, owner, source="WEB,") == ["BBBB22"]
    assert codes(api_for, hotel_a, owner, status=",", source="", ordering="") == [
        "BBBB22",
        "AAAA11",
        "CCCC33",
    ]


def test_the_messages_name_what_to_use_and_several_problems_come_together(
    api_for, hotel_a, owner_of, booked
):
    client, owner = api_for(hotel_a), owner_of(hotel_a)
    response = client.get("/api/v1/reservations/", {"status": "arrived"}, **owner.auth)
    assert response.json() == refusal(
        "status",
        "Use pending_payment, confirmed, checked_in, checked_out, cancelled, no_show "
        "(several comma separated).",
    )
    response = client.get(
        "/api/v1/reservations/",
        {
            "departure_from": "2027-03-05",
            "departure_to": "2027-03-01",
            "ordering": "nope",
            "q": "x" * 101,
        },
        **owner.auth,
    )
    assert response.json()["error"]["details"]["fields"] == {
        "departure_to": ["Must be on or after departure_from."],
        "ordering": [
            "Use arrival, departure, created_at, code, booker_last_name, total, status, "
            "each may start with '-'."
        ],
        "q": ["Use at most 100 characters of text."],
    }


def test_the_openapi_documents_the_filters_from_the_filterset():
    (operation,) = [
        operation
        for method, path, operation in operations(HOTEL)
        if (method, path) == ("GET", "/api/v1/reservations/")
    ]
    documented = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
    date_ = {"type": "string", "format": "date"}
    codes_ = {"type": "array", "items": {"type": "string"}}
    assert {name: p["schema"] for name, p in documented.items()} == {
        "page": {"type": "integer", "minimum": 1},
        "page_size": {"type": "integer", "minimum": 1, "maximum": 200},
        "status": {"type": "array", "items": {"type": "string", "enum": sorted(ReservationStatus)}},
        "source": {
            "type": "array",
            "items": {"type": "string", "enum": ["api", "phone", "staff", "walk_in", "web"]},
        },
        "arrival_from": date_,
        "arrival_to": date_,
        "departure_from": date_,
        "departure_to": date_,
        "in_house_on": date_,
        "room_type": codes_,
        "rate_plan": codes_,
        "q": {"type": "string"},
        "ordering": documented["ordering"]["schema"],
    }
    orderings = documented["ordering"]["schema"]["items"]["enum"]
    assert sorted(orderings) == sorted(
        f"{sign}{name}"
        for sign in ("", "-")
        for name in (
            "arrival",
            "departure",
            "created_at",
            "code",
            "booker_last_name",
            "total",
            "status",
        )
    )
    for name in ("status", "source", "room_type", "rate_plan", "ordering"):
        assert (documented[name]["style"], documented[name]["explode"]) == ("form", False), name


def test_list_and_detail_answers(api_for, hotel_a, owner_of, booked):
    client, owner = api_for(hotel_a), owner_of(hotel_a)
    row = client.get("/api/v1/reservations/", {"q": "AAAA11"}, **owner.auth).json()["results"][0]
    assert row == {
        "code": "AAAA11",
        "status": "confirmed",
        "source": "phone",
        "check_in": "2027-03-02",
        "check_out": "2027-03-04",
        "booker": {
            "first_name": "Ada",
            "last_name": "Guest",
            "email": "ada@guest.test",
            "phone": "+34612345678",
            "company": "",
        },
        "rooms": ["101"],
        "currency": "EUR",
        "total": "200.00",
        "created_at": row["created_at"],
    }
    detail = client.get("/api/v1/reservations/aaaa11/", **owner.auth).json()
    (stay,) = detail["stays"]
    assert (stay["assigned_room"], stay["rooms"]) == (
        "101",
        [{"room": "101", "start": "2027-03-02", "end": "2027-03-04"}],
    )
    assert [(m["first_name"], m["is_child"]) for m in stay["party"]] == [("Eva", False)]
    assert [(e["quantity"], e["unit_price"], e["total"]) for e in stay["extras"]] == [
        (2, "12.50", "25.00")
    ]
    assert (detail["cancellation_fee"], detail["cancel_reason"], detail["cancelled_at"]) == (
        None,
        "",
        None,
    )
    assert client.get("/api/v1/reservations/NOPE99/", **owner.auth).status_code == 404


def test_another_hotel_sees_none_of_it(api_for, hotel_a, hotel_b, owner_of, booked):
    owner_b, client_b = owner_of(hotel_b), api_for(hotel_b)
    before = hotel_digest(hotel_a.schema)
    listed = client_b.get("/api/v1/reservations/", **owner_b.auth).json()
    assert (listed["count"], listed["results"]) == (0, [])
    missing = client_b.get("/api/v1/reservations/ZZZZ99/", **owner_b.auth)
    assert missing.status_code == 404
    member = booked["member"]
    calls = [
        ("get", "/api/v1/reservations/AAAA11/", {}),
        ("get", "/api/v1/reservations/AAAA11/events/", {}),
        ("patch", "/api/v1/reservations/AAAA11/", {"adults": 1}),
        ("post", "/api/v1/reservations/AAAA11/check-in/", {}),
        ("post", "/api/v1/reservations/BBBB22/check-out/", {}),
        ("post", "/api/v1/reservations/AAAA11/no-show/", {}),
        ("post", "/api/v1/reservations/AAAA11/confirm/", {}),
        ("post", "/api/v1/reservations/AAAA11/cancel/", {"reason": "guest"}),
        ("post", "/api/v1/reservations/AAAA11/party/", {"first_name": "X", "last_name": "Y"}),
        ("delete", f"/api/v1/reservations/AAAA11/party/{member}/", {}),
    ]
    for method, path, body in calls:
        answer = getattr(client_b, method)(path, body, format="json", **owner_b.auth)
        assert (answer.status_code, answer.json()) == (404, missing.json()), (method, path)
    for path in ("arrivals", "departures", "in-house"):
        listed = client_b.get(f"/api/v1/front-desk/{path}/", **owner_b.auth).json()
        assert listed["count"] == 0, path
    assert hotel_digest(hotel_a.schema) == before
