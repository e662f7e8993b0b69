"""Rooms, and the calendar totals that follow them from today on without losing sold
counts; a change the calendar cannot follow is refused as a whole."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from innkeep.core.errors import ValidationFailed
from innkeep.core.models import AuditEvent
from innkeep.inventory.models import InventoryDay
from innkeep.properties import services
from innkeep.properties.models import Room
from innkeep.reservations.models import RoomAssignment, Stay
from tests.properties import catalogue

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def owner_api(api_for, hotel_a, owner_of):  # type: ignore[no-untyped-def]
    client = api_for(hotel_a)
    client.credentials(HTTP_AUTHORIZATION=owner_of(hotel_a).auth["HTTP_AUTHORIZATION"])
    return client


def totals(room_type) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """total -> how many nights have it, from yesterday on."""
    found: dict[int, int] = {}
    for total in InventoryDay.objects.filter(room_type=room_type).values_list("total", flat=True):
        found[total] = found.get(total, 0) + 1
    return found


def night(room_type, day: date) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    row = InventoryDay.objects.get(room_type=room_type, date=day)
    return (row.total, row.sold, row.blocked)


def test_add_a_room_raises_the_totals_from_today_on(owner_api, hotel_a):
    with tenant_context(hotel_a.hotel):
        double = catalogue.room_type("DBL", rooms=2)
        # a night already past keeps the total it had
        InventoryDay.objects.create(room_type=double, date=YESTERDAY, total=2)

    response = owner_api.post(
        "/api/v1/rooms/", {"number": "301", "floor": 3, "room_type": "dbl"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert {k: v for k, v in body.items() if k not in {"id", "created_at", "updated_at"}} == {
        "number": "301",
        "floor": 3,
        "room_type": "DBL",
        "room_type_name": "DBL room",
        "housekeeping_status": "clean",
        "active": True,
        "sellable": True,
        "notes": "",
    }
    with tenant_context(hotel_a.hotel):
        assert totals(double) == {3: 731, 2: 1}
        assert night(double, YESTERDAY) == (2, 0, 0)
        event = AuditEvent.objects.filter(action="room.created").latest("id")
        assert event.data == {"number": "301", "room_type": "DBL", "sellable": True}


def test_out_of_order_and_inactive_rooms_do_not_count(owner_api, hotel_a):
    with tenant_context(hotel_a.hotel):
        double = catalogue.room_type("DBL", rooms=1)
    broken = owner_api.post(
        "/api/v1/rooms/",
        {"number": "302", "room_type": "DBL", "housekeeping_status": "out_of_order"},
        format="json",
    )
    spare = owner_api.post(
        "/api/v1/rooms/", {"number": "303", "room_type": "DBL", "active": False}, format="json"
    )
    assert (broken.json()["sellable"], spare.json()["sellable"]) == (False, False)
    with tenant_context(hotel_a.hotel):
        assert totals(double) == {1: 731}

    repaired = owner_api.post(
        f"/api/v1/rooms/{broken.json()['id']}/housekeeping/", {"status": "dirty"}, format="json"
    )
    assert repaired.status_code == 200
    assert repaired.json()["housekeeping_status"] == "dirty"
    reopened = owner_api.patch(f"/api/v1/rooms/{spare.json()['id']}/", {"active": True})
    assert reopened.status_code == 200
    with tenant_context(hotel_a.hotel):
        assert totals(double) == {3: 731}


def test_deactivate_and_out_of_order_keep_sold_counts(owner_api, hotel_a):
    with tenant_context(hotel_a.hotel):
        double = catalogue.room_type("DBL", rooms=3)
        catalogue.book(double, date(2027, 3, 10), date(2027, 3, 12))
        first, second = Room.objects.order_by("number")[:2]

    assert owner_api.patch(f"/api/v1/rooms/{first.pk}/", {"active": False}).status_code == 200
    out = owner_api.post(
        f"/api/v1/rooms/{second.pk}/housekeeping/", {"status": "out_of_order"}, format="json"
    )
    assert out.status_code == 200

    with tenant_context(hotel_a.hotel):
        assert totals(double) == {1: 731}
        assert night(double, date(2027, 3, 10)) == (1, 1, 0)
        assert night(double, date(2027, 3, 11)) == (1, 1, 0)
        assert night(double, date(2027, 3, 12)) == (1, 0, 0)
        assert list(
            AuditEvent.objects.filter(target_type="properties.room")
            .order_by("id")
            .values_list("action", "data")
        )[-2:] == [
            ("room.updated", {"active": [True, False]}),
            ("room.housekeeping_changed", {"housekeeping_status": ["clean", "out_of_order"]}),
        ]


@pytest.mark.parametrize("how", ["deactivate", "out_of_order", "delete", "move"])
def test_a_change_below_sold_plus_blocked_is_409_and_rolls_back(owner_api, hotel_a, how):
    with tenant_context(hotel_a.hotel):
        double = catalogue.room_type("DBL", rooms=2)
        catalogue.room_type("TWN")
        catalogue.book(double, date(2027, 3, 10), date(2027, 3, 11))
        InventoryDay.objects.filter(room_type=double, date=date(2027, 3, 20)).update(blocked=2)
        room = Room.objects.order_by("number").first()
    url = f"/api/v1/rooms/{room.pk}/"

    if how == "deactivate":
        response = owner_api.patch(url, {"active": False}, format="json")
    elif how == "out_of_order":
        response = owner_api.post(f"{url}housekeeping/", {"status": "out_of_order"}, format="json")
    elif how == "delete":
        response = owner_api.delete(url)
    else:
        response = owner_api.patch(url, {"room_type": "TWN"}, format="json")

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "INVENTORY_CONFLICT"
    assert error["details"]["nights"] == [
        {"room_type_id": double.pk, "date": "2027-03-20", "taken": 2, "total": 1}
    ]
    with tenant_context(hotel_a.hotel):
        stored = Room.objects.get(pk=room.pk)
        assert (stored.active, stored.housekeeping_status, stored.room_type_id) == (
            True,
            "clean",
            double.pk,
        )
        assert totals(double) == {2: 731}
        assert night(double, date(2027, 3, 10)) == (2, 1, 0)
        assert (
            not AuditEvent.objects.filter(target_type="properties.room")
            .exclude(action="room.created")
            .exists()
        )


def test_moving_a_room_moves_a_unit_of_total_between_types(owner_api, hotel_a):
    with tenant_context(hotel_a.hotel):
        double = catalogue.room_type("DBL", rooms=2)
        twin = catalogue.room_type("TWN", rooms=1)
        room = Room.objects.filter(room_type=double).first()
    response = owner_api.patch(f"/api/v1/rooms/{room.pk}/", {"room_type": "TWN"}, format="json")
    assert response.status_code == 200
    assert response.json()["room_type"] == "TWN"
    with tenant_context(hotel_a.hotel):
        assert (totals(double), totals(twin)) == ({1: 731}, {2: 731})
        assert AuditEvent.objects.get(action="room.updated").data == {"room_type": ["DBL", "TWN"]}


def test_delete_room(owner_api, hotel_a):
    with tenant_context(hotel_a.hotel):
        double = catalogue.room_type("DBL", rooms=2)
        unused, booked = Room.objects.order_by("number")
        catalogue.book(double, date(2027, 3, 10), date(2027, 3, 11))
        stay = Stay.objects.get()
        RoomAssignment.objects.create(
            stay=stay, room=booked, start=stay.check_in, end=stay.check_out
        )

    refused = owner_api.delete(f"/api/v1/rooms/{booked.pk}/")
    assert refused.status_code == 409
    assert refused.json()["error"] == {
        "code": "ROOM_IN_USE",
        "message": "This room has reservations: deactivate it instead (active=false).",
        "details": {"stays": 1},
    }
    assert owner_api.delete(f"/api/v1/rooms/{unused.pk}/").status_code == 204
    with tenant_context(hotel_a.hotel):
        assert list(Room.objects.values_list("number", flat=True)) == [booked.number]
        assert totals(double) == {1: 731}
        assert night(double, date(2027, 3, 10)) == (1, 1, 0)


def test_list_filters(owner_api, hotel_a):
    with tenant_context(hotel_a.hotel):
        double, twin = catalogue.room_type("DBL"), catalogue.room_type("TWN")
        catalogue.room("101", double, floor=1)
        catalogue.room("102", twin, floor=1, housekeeping_status="dirty")
        catalogue.room("201", double, floor=2, active=False)

    def numbers(query: str) -> list[str]:
        response = owner_api.get(f"/api/v1/rooms/{query}")
        assert response.status_code == 200, response.content
        return [room["number"] for room in response.json()["results"]]

    assert numbers("") == ["101", "102", "201"]
    assert numbers("?room_type=dbl") == ["101", "201"]
    assert numbers("?room_type=DBL,TWN&floor=1") == ["101", "102"]
    assert numbers("?housekeeping_status=dirty") == ["102"]
    assert numbers("?active=false") == ["201"]
    assert numbers("?ordering=-number") == ["201", "102", "101"]
    assert numbers("?search=20") == ["201"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("floor=first", "floor"),
        ("floor=99999", "floor"),
        ("housekeeping_status=sparkling", "housekeeping_status"),
        ("active=2", "active"),
        ("room_type=D%00BL", "room_type"),
    ],
)
def test_bad_filters_are_400(owner_api, query, field):
    response = owner_api.get(f"/api/v1/rooms/?{query}")
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == [field]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"number": "101", "room_type": "DBL"}, "number"),  # taken
        ({"number": "", "room_type": "DBL"}, "number"),
        ({"number": "12345678901", "room_type": "DBL"}, "number"),
        ({"number": "105", "room_type": "NOPE"}, "room_type"),
        ({"number": "105", "room_type": 1}, "room_type"),
        ({"number": "105"}, "room_type"),
        ({"number": "105", "room_type": "DBL", "floor": "two"}, "floor"),
        ({"number": "105", "room_type": "DBL", "floor": 40000}, "floor"),
        (
            {"number": "105", "room_type": "DBL", "housekeeping_status": "broken"},
            "housekeeping_status",
        ),
    ],
)
def test_invalid_rooms_are_400_naming_the_field(owner_api, hotel_a, body, field):
    with tenant_context(hotel_a.hotel):
        catalogue.room("101", catalogue.room_type("DBL"))
    response = owner_api.post("/api/v1/rooms/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == [field]
    with tenant_context(hotel_a.hotel):
        assert Room.objects.count() == 1


def test_housekeeping_staff_set_the_status_but_cannot_edit_rooms(api_for, hotel_a, make_staff):
    with tenant_context(hotel_a.hotel):
        room = catalogue.room("101", catalogue.room_type("DBL"))
    housekeeper = make_staff(hotel_a, "housekeeping")
    client = api_for(hotel_a)

    listed = client.get("/api/v1/rooms/", **housekeeper.auth)
    assert [r["number"] for r in listed.json()["results"]] == ["101"]
    done = client.post(
        f"/api/v1/rooms/{room.pk}/housekeeping/", {"status": "inspected"}, **housekeeper.auth
    )
    assert (done.status_code, done.json()["housekeeping_status"]) == (200, "inspected")
    edit = client.patch(f"/api/v1/rooms/{room.pk}/", {"notes": "x"}, **housekeeper.auth)
    assert (edit.status_code, edit.json()["error"]["code"]) == (403, "PERMISSION_DENIED")
    bad = client.post(
        f"/api/v1/rooms/{room.pk}/housekeeping/", {"status": "sparkling"}, **housekeeper.auth
    )
    assert bad.status_code == 400
    assert list(bad.json()["error"]["details"]["fields"]) == ["status"]
    with tenant_context(hotel_a.hotel):
        event = AuditEvent.objects.get(action="room.housekeeping_changed")
        assert (event.actor_id, event.data) == (
            housekeeper.user.pk,
            {"housekeeping_status": ["clean", "inspected"]},
        )


# --- several rooms at once (a hotel being set up: the demo seed) ---------------------------


def test_rooms_added_together_move_the_totals_once_and_are_audited_each(hotel_a):
    with tenant_context(hotel_a.hotel):
        double, twin = catalogue.room_type("DBL"), catalogue.room_type("TWN")
        with CaptureQueriesContext(connection) as queries:
            made = services.rooms_create(
                actor=None,
                rooms=[
                    Room(number="201", room_type=double),
                    Room(number=" 202 ", room_type=double, floor=2),
                    Room(number="301", room_type=twin, active=False),
                ],
            )

        assert [room.number for room in made] == ["201", "202", "301"]
        assert list(Room.objects.values_list("number", "floor", "active")) == [
            ("201", None, True),
            ("202", 2, True),
            ("301", None, False),
        ]
        assert (totals(double), totals(twin)) == ({2: 731}, {0: 731})
        totals_updates = [
            q for q in queries if q["sql"].lstrip().startswith("UPDATE inventory_inventoryday")
        ]
        assert len(totals_updates) == 1
        events = AuditEvent.objects.filter(action="room.created").order_by("id")
        assert [event.data for event in events] == [
            {"number": "201", "room_type": "DBL", "sellable": True},
            {"number": "202", "room_type": "DBL", "sellable": True},
            {"number": "301", "room_type": "TWN", "sellable": False},
        ]


@pytest.mark.parametrize("numbers", [["202", "201"], ["203", "203"]])
def test_rooms_added_together_are_all_or_none(hotel_a, numbers):
    with tenant_context(hotel_a.hotel):
        double = catalogue.room_type("DBL")
        catalogue.room("201", double)
        events = AuditEvent.objects.count()

        with pytest.raises(ValidationFailed) as refused:
            services.rooms_create(
                actor=None, rooms=[Room(number=n, room_type=double) for n in numbers]
            )

        assert refused.value.fields == {"number": ["A room with this number already exists."]}
        assert list(Room.objects.values_list("number", flat=True)) == ["201"]
        assert totals(double) == {1: 731}
        assert AuditEvent.objects.count() == events
