"""The room-assignment endpoints on a reservation's path: what they answer, how a stay is
named, refusals in the standard shape, another hotel's reservations, and routes that sit
beside the reservations router without shadowing it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, resolve
from django_tenants.utils import tenant_context
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.routers import SimpleRouter

from innkeep.core import clock
from innkeep.properties.models import HousekeepingStatus
from innkeep.reservations.assignment_api import RoomAssignmentViewSet
from innkeep.reservations.models import ReservationStatus as S
from innkeep.reservations.models import RoomAssignment
from tests.accounts.endpoints import hotel_digest
from tests.factories import RoomAssignmentFactory, RoomFactory, RoomTypeFactory, StayFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/reservations"


@pytest.fixture
def desk(hotel_a, make_staff):  # type: ignore[no-untyped-def]
    return make_staff(hotel_a, "front_desk")


@pytest.fixture
def booked(hotel_a):  # type: ignore[no-untyped-def]
    """A confirmed stay of a DBL (03-02 .. 03-04) and three rooms: 201 inspected, 202 clean,
    203 taken by another reservation on those nights."""
    with tenant_context(hotel_a.hotel):
        dbl = RoomTypeFactory(code="DBL")
        stay = StayFactory(room_type=dbl, reservation__code="K7M2QX")
        rooms = {
            number: RoomFactory(number=number, room_type=dbl, housekeeping_status=status)
            for number, status in [
                ("201", HousekeepingStatus.INSPECTED),
                ("202", HousekeepingStatus.CLEAN),
                ("203", HousekeepingStatus.CLEAN),
            ]
        }
        other = RoomAssignmentFactory(
            room=rooms["203"], stay=StayFactory(room_type=dbl, reservation__code="H4TW9P")
        )
    return {"stay": stay, "dbl": dbl, "rooms": rooms, "other": other}


def post(client, desk, url: str, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.post(url, body, format="json", **desk.auth)


def test_available_rooms_lists_the_free_ones_ready_first(api_for, hotel_a, desk, booked):
    response = api_for(hotel_a).get(f"{BASE}/K7M2QX/available-rooms/", **desk.auth)
    assert response.status_code == 200
    assert response.json() == {
        "code": "K7M2QX",
        "stay": booked["stay"].pk,
        "room_type": "DBL",
        "check_in": "2027-03-02",
        "check_out": "2027-03-04",
        "rooms": [
            {"number": "201", "floor": None, "housekeeping_status": "inspected", "current": False},
            {"number": "202", "floor": None, "housekeeping_status": "clean", "current": False},
        ],
    }


def test_assign_room_answers_the_stays_rooms(api_for, hotel_a, desk, booked):
    client = api_for(hotel_a)
    response = post(client, desk, f"{BASE}/k7m2qx/assign-room/", {"room": "201"})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "code": "K7M2QX",
        "stay": booked["stay"].pk,
        "room_type": "DBL",
        "check_in": "2027-03-02",
        "check_out": "2027-03-04",
        "room": "201",
        "housekeeping_status": "inspected",
        "assignments": [
            {"room": "201", "start": "2027-03-02", "end": "2027-03-04", "released_at": None}
        ],
    }
    unassigned = post(client, desk, f"{BASE}/K7M2QX/unassign-room/", {})
    assert unassigned.status_code == 200
    body = unassigned.json()
    assert (body["room"], body["housekeeping_status"]) == (None, None)
    assert body["assignments"][0]["released_at"] is not None


def test_a_room_taken_is_409_with_the_conflicting_codes(api_for, hotel_a, desk, booked):
    response = post(api_for(hotel_a), desk, f"{BASE}/K7M2QX/assign-room/", {"room": "203"})
    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "code": "ROOM_OVERLAP_CONFLICT",
            "message": "Room 203 has an overlapping stay.",
            "details": {"room": "203", "conflicting_codes": ["H4TW9P"]},
        }
    }


def test_refusals_write_nothing(api_for, hotel_a, desk, booked):
    client = api_for(hotel_a)
    with tenant_context(hotel_a.hotel):
        RoomFactory(number="101", room_type=RoomTypeFactory(code="SGL"))
    before = hotel_digest(hotel_a.schema)
    cases = [
        ("assign-room", {"room": "999"}, 400, "VALIDATION_ERROR"),
        ("assign-room", {"room": "101"}, 400, "ROOM_TYPE_MISMATCH"),
        ("assign-room", {"stay": booked["other"].stay_id, "room": "201"}, 400, "VALIDATION_ERROR"),
        ("assign-room", {"room": 201, "stay": "x"}, 400, "VALIDATION_ERROR"),
        ("assign-room", {}, 400, "VALIDATION_ERROR"),
        ("unassign-room", {}, 409, "ROOM_NOT_ASSIGNED"),
        ("move-room", {"room": "202"}, 409, "STAY_NOT_IN_HOUSE"),
        ("move-room", {"room": "202", "date": "2027-02-30"}, 400, "VALIDATION_ERROR"),
    ]
    for endpoint, body, status, code in cases:
        response = post(client, desk, f"{BASE}/K7M2QX/{endpoint}/", body)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), body
    assert hotel_digest(hotel_a.schema) == before


def test_a_reservation_with_several_stays_needs_the_stay(api_for, hotel_a, desk, booked):
    with tenant_context(hotel_a.hotel):
        second = StayFactory(room_type=booked["dbl"], reservation=booked["stay"].reservation)
    client = api_for(hotel_a)
    first = booked["stay"].pk

    refused = post(client, desk, f"{BASE}/K7M2QX/assign-room/", {"room": "201"})
    listed = client.get(f"{BASE}/K7M2QX/available-rooms/", **desk.auth)

    message = f"This reservation has 2 stays: say which one ({first}, {second.pk})."
    for response in (refused, listed):
        assert response.status_code == 400
        assert response.json()["error"]["details"] == {"fields": {"stay": [message]}}
    assigned = post(client, desk, f"{BASE}/K7M2QX/assign-room/", {"stay": second.pk, "room": "201"})
    assert (assigned.status_code, assigned.json()["stay"]) == (200, second.pk)
    listed = client.get(f"{BASE}/K7M2QX/available-rooms/", {"stay": first}, **desk.auth)
    assert [room["number"] for room in listed.json()["rooms"]] == ["202"]


def test_move_room_defaults_to_today_in_the_hotels_time_zone(
    api_for, hotel_a, desk, booked, monkeypatch
):
    # 23:30 UTC on 03-02 is already 03-03 in Madrid (hotel A's time zone)
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 3, 2, 23, 30, tzinfo=UTC))
    with tenant_context(hotel_a.hotel):
        stay = StayFactory(
            room_type=booked["dbl"],
            check_in=date(2027, 3, 1),
            check_out=date(2027, 3, 5),
            reservation__code="INHOUSE1",
            reservation__status=S.CHECKED_IN,
        )
        RoomAssignmentFactory(stay=stay, room=RoomFactory(number="301", room_type=booked["dbl"]))

    response = post(api_for(hotel_a), desk, f"{BASE}/INHOUSE1/move-room/", {"room": "202"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["room"], body["housekeeping_status"]) == ("202", "clean")
    assert [(a["room"], a["start"], a["end"]) for a in body["assignments"]] == [
        ("301", "2027-03-01", "2027-03-03"),
        ("202", "2027-03-03", "2027-03-05"),
    ]
    assert body["assignments"][0]["released_at"] is not None
    assert body["assignments"][1]["released_at"] is None


ENDPOINTS = [
    ("get", "available-rooms", {}),
    ("post", "assign-room", {"room": "201"}),
    ("post", "unassign-room", {}),
    ("post", "move-room", {"room": "201"}),
]


@pytest.mark.parametrize(("method", "endpoint", "body"), ENDPOINTS)
def test_another_hotels_reservation_is_404_like_a_missing_one(
    api_for,
    hotel_a,
    hotel_b,
    owner_of,
    booked,
    method,
    endpoint,
    body,
):
    """Hotel B's owner, on hotel B, names hotel A's reservation (and A's room number)."""
    owner_b = owner_of(hotel_b)
    client_b = api_for(hotel_b)
    before = hotel_digest(hotel_a.schema)
    foreign = getattr(client_b, method)(
        f"{BASE}/K7M2QX/{endpoint}/", body, format="json", **owner_b.auth
    )
    missing = getattr(client_b, method)(
        f"{BASE}/NOSUCH/{endpoint}/", body, format="json", **owner_b.auth
    )
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert foreign.json()["error"]["code"] == "NOT_FOUND"
    assert hotel_digest(hotel_a.schema) == before
    with tenant_context(hotel_a.hotel):
        assert not RoomAssignment.objects.filter(stay=booked["stay"]).exists()


@pytest.mark.parametrize("role", ["housekeeping", "accountant"])
def test_roles_without_the_permission_are_refused(api_for, hotel_a, make_staff, booked, role):
    caller = make_staff(hotel_a, role)
    client = api_for(hotel_a)
    response = post(client, caller, f"{BASE}/K7M2QX/assign-room/", {"room": "201"})
    assert (response.status_code, response.json()["error"]["code"]) == (403, "PERMISSION_DENIED")
    listed = client.get(f"{BASE}/K7M2QX/available-rooms/", **caller.auth)
    assert listed.status_code == (200 if role == "accountant" else 403)


def test_a_code_that_is_no_code_is_the_apis_404(api_for, hotel_a, desk):
    response = post(api_for(hotel_a), desk, f"{BASE}/K7%00/assign-room/", {"room": "201"})
    assert (response.status_code, response.json()["error"]["code"]) == (404, "NOT_FOUND")


# --- beside the reservations router ----------------------------------------------------


class ReservationsStandIn(viewsets.ViewSet):
    """What the reservations viewset registers: list, detail by code, detail actions."""

    lookup_field = "code"

    def list(self, request):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def retrieve(self, request, code=None):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    @action(detail=True, methods=["post"])
    def confirm(self, request, code=None):  # type: ignore[no-untyped-def]
        raise NotImplementedError


def _router_urls() -> list[Any]:
    router = SimpleRouter()
    router.register("reservations", ReservationsStandIn, basename="reservation")
    return router.urls


class RouterFirst:
    urlpatterns = [
        path("api/v1/", include(_router_urls())),
        path("api/v1/", include("innkeep.reservations.assignment_urls")),
    ]


class RouterLast:
    urlpatterns = [
        path("api/v1/", include("innkeep.reservations.assignment_urls")),
        path("api/v1/", include(_router_urls())),
    ]


@pytest.mark.parametrize("urlconf", [RouterFirst, RouterLast])
def test_the_routes_and_the_reservations_router_do_not_shadow_each_other(urlconf):
    def view_of(url: str) -> tuple[type, str]:
        match = resolve(url, urlconf=urlconf)
        return match.func.cls, match.url_name  # type: ignore[attr-defined]

    assert view_of(f"{BASE}/") == (ReservationsStandIn, "reservation-list")
    assert view_of(f"{BASE}/K7M2QX/") == (ReservationsStandIn, "reservation-detail")
    assert view_of(f"{BASE}/K7M2QX/confirm/") == (ReservationsStandIn, "reservation-confirm")
    for name in ("available-rooms", "assign-room", "unassign-room", "move-room"):
        assert view_of(f"{BASE}/K7M2QX/{name}/") == (
            RoomAssignmentViewSet,
            f"reservation-{name}",
        )


def test_the_number_of_queries_does_not_grow_with_rooms_or_history(api_for, hotel_a, desk, booked):
    client = api_for(hotel_a)

    def queries(call) -> int:  # type: ignore[no-untyped-def]
        with CaptureQueriesContext(connection) as captured:
            assert call().status_code == 200
        return len(captured)

    def listing():  # type: ignore[no-untyped-def]
        return client.get(f"{BASE}/K7M2QX/available-rooms/", **desk.auth)

    def assigning(number: str):  # type: ignore[no-untyped-def]
        return lambda: post(client, desk, f"{BASE}/K7M2QX/assign-room/", {"room": number})

    queries(listing)  # the first request of a caller reads what later ones find kept
    few, replacing = queries(listing), queries(assigning("201"))
    with tenant_context(hotel_a.hotel):
        for n in range(10):
            RoomFactory(number=f"4{n:02d}", room_type=booked["dbl"])
    assert queries(listing) == few
    for number in ("202", "401", "402"):
        queries(assigning(number))
    assert queries(assigning("403")) == queries(assigning("404")) > replacing
