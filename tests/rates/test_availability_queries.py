"""The availability search costs a fixed, small number of SQL queries, whatever the number of
room types: the same with 2 room types as with 12 (3 rate plans each, photos, restrictions of
every kind, 2 taxes, a promo code limited to two plans), in-process and through HTTP.

django-tenants sends `SET search_path` on every cursor it opens: those are real round trips,
counted apart (`statements`) from the queries proper (`queries`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from innkeep.inventory.free_rooms import INVENTORY
from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties.models import Room, RoomType, RoomTypePhoto
from innkeep.properties.selectors import hotel_today
from innkeep.rates.availability import search
from innkeep.rates.catalogue import forget_all
from innkeep.rates.models import (
    CancellationPolicy,
    PromoCode,
    PromoKind,
    RatePlan,
    TaxKind,
    TaxRule,
)
from innkeep.rates.services import rates_bulk_set, restrictions_bulk_set

# What one search reads, in order ("a+b": a join): nothing here depends on the number of
# room types or nights. The catalogue, the prices and restrictions of each month the stay
# touches and the rooms left of each month of its nights are read once per version and
# process (cold), then kept (warm); only the promo code is read every time.
CATALOGUE_TABLES = [
    "properties_roomtype",
    "properties_roomtypephoto",  # prefetch
    "rates_rateplan+rates_cancellationpolicy",
    "rates_rateplan_room_types",  # which plan sells which room type
    "properties_hotelprofile",
    "rates_taxrule",
]
PROMO_TABLES = [
    "rates_promocode",
    "rates_rateplan+rates_promocode_rate_plans",  # prefetch: the plans the promo is for
]
MONTH_TABLES = ["rates_dailyrate", "rates_restriction"]  # per calendar month, all room types
INVENTORY_TABLES = ["inventory_inventoryday"]  # rooms left, per calendar month
PLANS = ("BAR", "NRF", "BB")


def build_catalogue(first: int, last: int, *, today: date) -> None:
    """Room types RT<first>..RT<last> (2 rooms and 1 photo each), sold by the three plans,
    priced for 60 nights, with a restriction of each kind on some of them."""
    policy, _ = CancellationPolicy.objects.get_or_create(name="Flexible", free_until_days=2)
    plans = [
        RatePlan.objects.get_or_create(
            code=code, defaults={"name": code, "cancellation_policy": policy}
        )[0]
        for code in PLANS
    ]
    room_types = [
        RoomType.objects.create(
            code=f"RT{n}", name=f"Type {n}", max_adults=2, max_children=2, max_occupancy=4
        )
        for n in range(first, last + 1)
    ]
    Room.objects.bulk_create(
        Room(number=f"{rt.code}-{i}", floor=1, room_type=rt) for rt in room_types for i in (1, 2)
    )
    RoomTypePhoto.objects.bulk_create(
        RoomTypePhoto(room_type=rt, image=f"room-types/{rt.id}/front.jpg") for rt in room_types
    )
    inventory_extend_horizon(days=60, room_type_ids=[rt.id for rt in room_types])
    end = today + timedelta(days=59)
    for i, plan in enumerate(plans):
        plan.room_types.add(*room_types)
        rates_bulk_set(
            rate_plan=plan,
            room_types=room_types,
            date_from=today,
            date_to=end,
            weekdays=None,
            price=Decimal(100 + 10 * i),
        )
    kinds = [
        {"min_stay": 2},
        {"max_stay": 10},
        {"closed": True},
        {"closed_to_arrival": True},
        {"closed_to_departure": True},
    ]
    for n, room_type in enumerate(room_types):
        restrictions_bulk_set(
            room_types=[room_type],
            rate_plan=plans[n % len(plans)] if n % 2 else None,
            date_from=today + timedelta(days=5 + n % 3),
            date_to=today + timedelta(days=8 + n % 3),
            weekdays=None,
            changes=kinds[n % len(kinds)],
        )
    if not TaxRule.objects.exists():
        TaxRule.objects.create(name="VAT", kind=TaxKind.PERCENT, amount=Decimal("10"))
        TaxRule.objects.create(
            name="City tax", kind=TaxKind.PER_PERSON_NIGHT, amount=Decimal("2.50")
        )
    promo, created = PromoCode.objects.get_or_create(
        code="WELCOME10", defaults={"kind": PromoKind.PERCENT, "value": Decimal("10")}
    )
    if created:
        promo.rate_plans.set(plans[:2])


def tables(captured: CaptureQueriesContext) -> list[str]:
    """Per query, in order, the tables it reads ("a+b" for a join); `SET search_path` left
    out."""
    return [
        "+".join(re.findall(r'\b(?:FROM|JOIN)\s+"?([a-z_]+)"?', query["sql"]))
        for query in captured.captured_queries
        if not query["sql"].startswith("SET search_path")
    ]


def statements(captured: CaptureQueriesContext) -> int:
    return len(captured.captured_queries)


def search_queries(
    *, check_in: date, nights: int, promo: str | None, cold: bool
) -> CaptureQueriesContext:
    if cold:
        forget_all()
        INVENTORY.forget_all()
    with CaptureQueriesContext(connection) as captured:
        result = search(
            check_in=check_in,
            check_out=check_in + timedelta(days=nights),
            adults=2,
            children=1,
            promo_code=promo,
        )
        # everything the API answer reads (photo URLs, policy text) without another query
        for offer in result.rooms:
            assert all(url.startswith("/") for url in offer.room_type.photos)
            for plan in offer.plans:
                assert plan.rate_plan.cancellation_policy.describe()
    assert len(result.rooms) >= 2
    assert all(len(offer.plans) == len(PLANS) for offer in result.rooms)
    return captured


def http_queries(api, *, check_in: date, nights: int, promo: str | None):  # type: ignore[no-untyped-def]
    params = {
        "check_in": str(check_in),
        "check_out": str(check_in + timedelta(days=nights)),
        "adults": 2,
        "children": 1,
    }
    if promo:
        params["promo"] = promo
    with CaptureQueriesContext(connection) as captured:
        response = api.get("/api/v1/public/availability/", params)
    assert response.status_code == 200, response.content
    return captured, response.json()


def months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def months_touched(check_in: date, nights: int) -> tuple[int, int]:
    """Calendar months of the nights and the departure day (restrictions count on it),
    and of the nights alone (rooms left)."""
    check_out = check_in + timedelta(days=nights)
    return (
        months_between(check_in, check_out),
        months_between(check_in, check_out - timedelta(days=1)),
    )


@pytest.mark.django_db
def test_search_queries_do_not_grow_with_room_types(hotel_a, api_for, as_if_committed):
    api = api_for(hotel_a)
    counts = {}
    for size in (2, 12):
        with schema_context(hotel_a.schema):
            today = hotel_today()
            built = RoomType.objects.count()
            with as_if_committed():  # copies are kept only of committed state
                build_catalogue(built + 1, size, today=today)
            assert RoomType.objects.count() == size
            check_in = today + timedelta(days=3)
            for promo in ("WELCOME10", None):
                for nights in (1, 7, 30):
                    for how in ("cold", "warm"):
                        captured = search_queries(
                            check_in=check_in, nights=nights, promo=promo, cold=how == "cold"
                        )
                        counts[size, promo, nights, how] = (tables(captured), statements(captured))
        # through HTTP, once the routing middleware knows the host (tests/tenancy: routing)
        http_queries(api, check_in=check_in, nights=7, promo=None)
        for promo in ("WELCOME10", None):
            captured, body = http_queries(api, check_in=check_in, nights=7, promo=promo)
            assert len(body["room_types"]) == size
            counts[size, promo, 7, "http"] = (tables(captured), statements(captured))

    for (size, promo, nights, how), (found, _) in counts.items():
        promo_tables = PROMO_TABLES if promo else []
        rate_months, night_months = months_touched(check_in, nights)
        months = MONTH_TABLES * rate_months + INVENTORY_TABLES * night_months
        expected = {
            "cold": CATALOGUE_TABLES + promo_tables + months,
            "warm": promo_tables,
            "http": promo_tables,
        }[how]
        assert found == expected, (size, promo, nights, how)
    # One statement per table: the search_path was set once when the schema was entered
    # (TENANT_LIMIT_SET_CALLS), not again on each cursor.
    cold = counts[2, "WELCOME10", 1, "cold"]
    assert len(cold[0]) == len(CATALOGUE_TABLES + PROMO_TABLES + MONTH_TABLES + INVENTORY_TABLES)
    assert cold[1] == len(cold[0])
    assert counts[2, "WELCOME10", 7, "warm"][1] == 2
    assert counts[2, None, 7, "warm"][1] == 0
    assert counts[2, None, 7, "http"][1] == 0
    # exactly the same number of round trips (queries and search_path switches) for 2 and 12
    for (size, promo, nights, how), value in counts.items():
        if size == 12:
            assert value == counts[2, promo, nights, how], (promo, nights, how)
