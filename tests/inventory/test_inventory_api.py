"""The inventory calendar through the staff API: listed with free rooms, and blocks set in
bulk by weekday across room types, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from innkeep.core import clock
from innkeep.core.models import AuditEvent
from innkeep.inventory.models import InventoryDay
from tests.accounts.conftest import make_staff, owner_of  # noqa: F401 (fixtures)
from tests.properties import catalogue
from tests.properties.conftest import NOW  # today is 2027-03-01, a Monday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)


@pytest.fixture
def client(api_for, hotel_a, owner_of):  # type: ignore[no-untyped-def]  # noqa: F811
    api = api_for(hotel_a)
    api.credentials(HTTP_AUTHORIZATION=owner_of(hotel_a).auth["HTTP_AUTHORIZATION"])
    return api


@pytest.fixture
def types(hotel_a):  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        found = {
            "DBL": catalogue.room_type("DBL", rooms=3),
            "TWN": catalogue.room_type("TWN", rooms=2),
        }
        catalogue.room_type("STE", rooms=1)
        catalogue.book(found["DBL"], date(2027, 3, 5), date(2027, 3, 7), rooms=2)
    return found


def blocked(hotel_a) -> dict[tuple[str, date], int]:  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        return {
            (day.room_type.code, day.date): day.blocked
            for day in InventoryDay.objects.filter(blocked__gt=0).select_related("room_type")
        }


def test_list_shows_total_sold_blocked_and_free(client, types):
    response = client.get(
        "/api/v1/inventory/?room_type=DBL&date_from=2027-03-04&date_to=2027-03-06"
    )
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"room_type": "DBL", "date": "2027-03-04", "total": 3, "sold": 0, "blocked": 0, "free": 3},
        {"room_type": "DBL", "date": "2027-03-05", "total": 3, "sold": 2, "blocked": 0, "free": 1},
        {"room_type": "DBL", "date": "2027-03-06", "total": 3, "sold": 2, "blocked": 0, "free": 1},
    ]
    both = client.get(
        "/api/v1/inventory/?room_type=dbl,twn&date_from=2027-03-05&date_to=2027-03-05"
    )
    assert [(d["room_type"], d["free"]) for d in both.json()["results"]] == [("DBL", 1), ("TWN", 2)]
    whole = client.get("/api/v1/inventory/?page_size=1").json()
    assert whole["count"] == 3 * 731
    fullest = client.get("/api/v1/inventory/?ordering=free_rooms&page_size=1").json()
    assert fullest["results"][0]["free"] == 1


def test_bulk_block_by_weekday_sets_exactly_those_nights(client, hotel_a, types):
    response = client.post(
        "/api/v1/inventory/bulk/",
        {
            "room_types": ["DBL", "TWN"],
            "date_from": "2027-03-01",
            "date_to": "2027-03-14",
            "weekdays": ["fri", "sat"],
            "blocked": 1,
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == {"updated": 8}
    weekend = [date(2027, 3, 5), date(2027, 3, 6), date(2027, 3, 12), date(2027, 3, 13)]
    assert blocked(hotel_a) == {(code, day): 1 for code in ("DBL", "TWN") for day in weekend}
    with tenant_context(hotel_a.hotel):
        assert InventoryDay.objects.get(room_type=types["DBL"], date=date(2027, 3, 5)).sold == 2
        events = AuditEvent.objects.filter(action="inventory.blocked")
        assert sorted(e.target_id for e in events) == sorted(str(t.pk) for t in types.values())
        assert events[0].data == {
            "date_from": "2027-03-01",
            "date_to": "2027-03-14",
            "weekdays": ["fri", "sat"],
            "blocked": 1,
        }

    released = client.post(
        "/api/v1/inventory/bulk/",
        {"room_types": ["TWN"], "date_from": "2027-03-01", "date_to": "2027-03-31", "blocked": 0},
        format="json",
    )
    assert released.json() == {"updated": 31}
    assert blocked(hotel_a) == {("DBL", day): 1 for day in weekend}


def test_bulk_block_is_all_or_nothing(client, hotel_a, types):
    # DBL has 3 rooms and 2 sold on the 5th and 6th: blocking 2 fits nowhere on those nights
    response = client.post(
        "/api/v1/inventory/bulk/",
        {
            "room_types": ["TWN", "DBL"],
            "date_from": "2027-03-01",
            "date_to": "2027-03-14",
            "blocked": 2,
        },
        format="json",
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "INVENTORY_CONFLICT"
    assert error["details"]["nights"] == [
        {"room_type_id": types["DBL"].pk, "date": "2027-03-05", "sold": 2, "total": 3},
        {"room_type_id": types["DBL"].pk, "date": "2027-03-06", "sold": 2, "total": 3},
    ]
    assert blocked(hotel_a) == {}
    with tenant_context(hotel_a.hotel):
        assert not AuditEvent.objects.filter(action="inventory.blocked").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"blocked": -1}, "blocked"),
        ({"blocked": 10**9}, "blocked"),
        ({"blocked": "two"}, "blocked"),
        ({"blocked": None}, "blocked"),
        ({"room_types": []}, "room_types"),
        ({"room_types": ["NOPE"]}, "room_types"),
        ({"date_to": "2027-02-01"}, "date_to"),
        ({"date_from": "01/03/2027"}, "date_from"),
        ({"weekdays": ["monday"]}, "weekdays"),
    ],
)
def test_invalid_bulk_blocks_are_400(client, hotel_a, types, change, field):
    body = {
        "room_types": ["DBL"],
        "date_from": "2027-03-01",
        "date_to": "2027-03-14",
        "blocked": 1,
        **change,
    }
    response = client.post("/api/v1/inventory/bulk/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == [field]
    assert blocked(hotel_a) == {}


def test_bad_inventory_filters_are_400(client):
    for query, field in (
        ("date_from=2027-13-01", "date_from"),
        ("date_to=tomorrow", "date_to"),
        ("room_type=DBL;DROP", "room_type"),
    ):
        response = client.get(f"/api/v1/inventory/?{query}")
        assert response.status_code == 400
        assert list(response.json()["error"]["details"]["fields"]) == [field]


def test_front_desk_sees_the_calendar_but_cannot_block(api_for, hotel_a, make_staff, types):  # noqa: F811
    clerk = make_staff(hotel_a, "front_desk")
    api = api_for(hotel_a)
    assert api.get("/api/v1/inventory/", **clerk.auth).status_code == 200
    refused = api.post(
        "/api/v1/inventory/bulk/",
        {"room_types": ["DBL"], "date_from": "2027-03-01", "date_to": "2027-03-01", "blocked": 1},
        format="json",
        **clerk.auth,
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "PERMISSION_DENIED")
    assert blocked(hotel_a) == {}
