"""Malformed input never makes a 500: wrong types, nulls, huge numbers, bad dates, NUL
characters, bodies that are not objects, in every field of every catalogue and rates write,
and in the list filters."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from innkeep.rates.models import CancellationPolicy, RatePlan
from tests.properties import catalogue

pytestmark = pytest.mark.django_db

BAD_VALUES: list[Any] = [
    None,
    "",
    "x" * 300,
    -1,
    10**20,
    1.5,
    True,
    [],
    {"nested": [1]},
    "2027-02-30",
    "\x00",
    "9" * 40,
]

VALID: dict[str, tuple[str, str, dict[str, Any]]] = {
    "room-type": (
        "post",
        "/api/v1/room-types/",
        {"code": "NEW", "name": "New", "max_adults": 2, "max_children": 0, "max_occupancy": 2},
    ),
    "room": ("post", "/api/v1/rooms/", {"number": "900", "room_type": "DBL", "floor": 9}),
    "room-patch": ("patch", "/api/v1/rooms/{room}/", {"active": False, "room_type": "DBL"}),
    "housekeeping": ("post", "/api/v1/rooms/{room}/housekeeping/", {"status": "dirty"}),
    "extra": (
        "post",
        "/api/v1/extras/",
        {"code": "EXT", "name": "Extra", "price": "5.00", "pricing": "per_stay"},
    ),
    "profile": (
        "patch",
        "/api/v1/hotel-profile/",
        {"timezone": "Europe/Madrid", "check_in_time": "15:00", "languages": ["en"]},
    ),
    "rate-plan": (
        "post",
        "/api/v1/rate-plans/",
        {
            "code": "NEWP",
            "name": "Plan",
            "room_types": ["DBL"],
            "cancellation_policy": "{policy}",
            "guarantee": "deposit",
            "deposit_percent": "20.00",
        },
    ),
    "policy": (
        "post",
        "/api/v1/cancellation-policies/",
        {"name": "P", "free_until_days": 3, "fee_kind": "percent", "fee_percent": "50"},
    ),
    "tax": ("post", "/api/v1/taxes/", {"name": "T", "kind": "percent", "amount": "7.00"}),
    "promo": (
        "post",
        "/api/v1/promo-codes/",
        {
            "code": "P1",
            "kind": "amount",
            "value": "5.00",
            "valid_from": "2027-03-01",
            "usage_limit": 3,
            "rate_plans": ["BAR"],
        },
    ),
    "rates-bulk": (
        "post",
        "/api/v1/rates/bulk/",
        {
            "rate_plan": "BAR",
            "room_types": ["DBL"],
            "date_from": "2027-03-01",
            "date_to": "2027-03-03",
            "weekdays": ["mon"],
            "price": "10.00",
        },
    ),
    "restrictions-bulk": (
        "post",
        "/api/v1/restrictions/bulk/",
        {
            "room_types": ["DBL"],
            "rate_plan": "BAR",
            "date_from": "2027-03-01",
            "date_to": "2027-03-03",
            "min_stay": 2,
            "closed": True,
        },
    ),
    "inventory-bulk": (
        "post",
        "/api/v1/inventory/bulk/",
        {"room_types": ["DBL"], "date_from": "2027-03-01", "date_to": "2027-03-03", "blocked": 1},
    ),
}


@pytest.fixture
def world(hotel_a):  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        double = catalogue.room_type("DBL", rooms=1)
        plan = RatePlan.objects.create(code="BAR", name="Best")
        plan.room_types.set([double])
        policy = CancellationPolicy.objects.create(name="Flexible")
        catalogue.book(double, date(2027, 3, 2), date(2027, 3, 3))
        return {"room": double.rooms.get().pk, "policy": policy.pk}


def expand(value: Any, world: dict[str, int]) -> Any:
    if isinstance(value, str) and value.startswith("{"):
        return value.format(**world) if value != "{policy}" else world["policy"]
    return value


def check(response: Any) -> None:
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response.json()["error"]["code"]


@pytest.mark.parametrize("endpoint", sorted(VALID))
def test_every_field_with_every_bad_value_is_answered_without_a_500(
    owner_of, api_for, hotel_a, world, endpoint
):
    method, path, valid = VALID[endpoint]
    client = api_for(hotel_a)
    client.credentials(HTTP_AUTHORIZATION=owner_of(hotel_a).auth["HTTP_AUTHORIZATION"])
    url = path.format(**world)
    body = {field: expand(value, world) for field, value in valid.items()}
    send = getattr(client, method)
    for field in body:
        for bad in BAD_VALUES:
            check(send(url, {**body, field: bad}, format="json"))
        check(send(url, {k: v for k, v in body.items() if k != field}, format="json"))
    for whole in ([body], "body", 42, None, {"unknown": 1}):
        check(send(url, whole, format="json"))
    for raw in (b"{not json", b'{"price": 1e400, "blocked": 1e400, "max_adults": 1e400}', b""):
        check(send(url, raw, content_type="application/json"))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/rooms/",
        "/api/v1/room-types/",
        "/api/v1/extras/",
        "/api/v1/rate-plans/",
        "/api/v1/taxes/",
        "/api/v1/promo-codes/",
        "/api/v1/rates/",
        "/api/v1/restrictions/",
        "/api/v1/inventory/",
    ],
)
def test_list_filters_with_garbage_are_answered_without_a_500(
    owner_of, api_for, hotel_a, world, path
):
    client = api_for(hotel_a)
    client.credentials(HTTP_AUTHORIZATION=owner_of(hotel_a).auth["HTTP_AUTHORIZATION"])
    garbage = ["%00", "x" * 500, "-1", "99999999999999999999", "2027-02-30", "true", ",,,", "[]"]
    params = [
        "room_type",
        "rate_plan",
        "date_from",
        "date_to",
        "floor",
        "active",
        "housekeeping_status",
        "kind",
        "pricing",
        "search",
        "ordering",
        "page",
        "page_size",
    ]
    for param in params:
        for value in garbage:
            check(client.get(f"{path}?{param}={value}"))


def test_detail_routes_with_garbage_ids_are_404(owner_of, api_for, hotel_a, world):
    client = api_for(hotel_a)
    client.credentials(HTTP_AUTHORIZATION=owner_of(hotel_a).auth["HTTP_AUTHORIZATION"])
    for path in ("room-types", "rooms", "extras", "rate-plans", "taxes", "promo-codes"):
        for pk in ("0", "abc", "99999999999999999999", "1.5", "-1"):
            response = client.get(f"/api/v1/{path}/{pk}/")
            assert response.status_code == 404, (path, pk, response.status_code)
            assert json.loads(response.content)["error"]["code"] == "NOT_FOUND"
