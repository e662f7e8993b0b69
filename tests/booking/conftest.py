"""A small priced catalogue in hotel A, at a fixed 'now' so dates are deterministic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties.models import ExtraPricing, Room, RoomType
from innkeep.rates.availability import search
from innkeep.rates.models import Guarantee, RatePlan, TaxKind
from innkeep.rates.services import rates_bulk_set
from tests.factories import (
    CancellationPolicyFactory,
    ExtraFactory,
    RatePlanFactory,
    RoomFactory,
    RoomTypeFactory,
    TaxRuleFactory,
)

# 10:00 UTC on Monday 1 March 2027 = 11:00 in Madrid (the session hotels' time zone).
NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
TODAY = date(2027, 3, 1)


def d(days: int) -> date:
    return TODAY + timedelta(days=days)


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr("innkeep.core.clock.now", lambda: NOW)
    return NOW


@dataclass
class Catalogue:
    dbl: RoomType
    sgl: RoomType
    fam: RoomType
    bar: RatePlan
    nrf: RatePlan
    rooms: dict[str, Room]


@pytest.fixture
def catalogue(db, hotel_a, frozen_now, as_if_committed) -> Catalogue:
    """DBL (3 rooms, 2 adults + 1 child), SGL (1 room, 1 adult), FAM (1 room, 4 guests);
    BAR (flexible) on all, NRF (non-refundable) on DBL; DBL/BAR costs 100 a night until
    d(10) and 120 from then on; VAT 10% and city tax 2.50 per adult-night."""
    with tenant_context(hotel_a.hotel), as_if_committed():
        dbl = RoomTypeFactory(
            code="DBL", name="Double", max_adults=2, max_children=1, max_occupancy=3, sort_order=1
        )
        sgl = RoomTypeFactory(
            code="SGL", name="Single", max_adults=1, max_children=0, max_occupancy=1, sort_order=0
        )
        fam = RoomTypeFactory(
            code="FAM", name="Family", max_adults=4, max_children=3, max_occupancy=4, sort_order=2
        )
        rooms = {
            number: RoomFactory(number=number, room_type=room_type)
            for number, room_type in [
                ("101", dbl),
                ("102", dbl),
                ("103", dbl),
                ("201", sgl),
                ("301", fam),
            ]
        }
        flexible = CancellationPolicyFactory(name="Flexible", free_until_days=2)
        strict = CancellationPolicyFactory(name="Non-refundable", free_until_days=None)
        bar = RatePlanFactory(
            code="BAR",
            name="Best available",
            cancellation_policy=flexible,
            sort_order=0,
            room_types=[dbl, sgl, fam],
        )
        nrf = RatePlanFactory(
            code="NRF",
            name="Non-refundable",
            cancellation_policy=strict,
            guarantee=Guarantee.PREPAY,
            sort_order=1,
            room_types=[dbl],
        )
        inventory_extend_horizon(days=60)
        prices = [
            (bar, dbl, 0, 9, "100.00"),
            (bar, dbl, 10, 59, "120.00"),
            (nrf, dbl, 0, 59, "85.00"),
            (bar, sgl, 0, 59, "70.00"),
            (bar, fam, 0, 59, "180.00"),
        ]
        for plan, room_type, first, last, price in prices:
            rates_bulk_set(
                rate_plan=plan,
                room_types=[room_type],
                date_from=d(first),
                date_to=d(last),
                weekdays=None,
                price=Decimal(price),
            )
        TaxRuleFactory(name="VAT", kind=TaxKind.PERCENT, amount=Decimal("10.00"))
        TaxRuleFactory(name="City tax", kind=TaxKind.PER_PERSON_NIGHT, amount=Decimal("2.50"))
        for code, name, price, pricing in [
            ("BRK", "Breakfast", "12.00", ExtraPricing.PER_GUEST_NIGHT),
            ("PARK", "Parking", "15.00", ExtraPricing.PER_NIGHT),
            ("LATE", "Late checkout", "25.00", ExtraPricing.PER_STAY),
        ]:
            ExtraFactory(code=code, name=name, price=Decimal(price), pricing=pricing)
    return Catalogue(dbl=dbl, sgl=sgl, fam=fam, bar=bar, nrf=nrf, rooms=rooms)


def room_type_names(hotel) -> list[str]:  # type: ignore[no-untyped-def]
    """What a one-adult search for d(1) offers, by room type name (in the hotel's schema)."""
    with tenant_context(hotel):
        result = search(check_in=d(1), check_out=d(2), adults=1, children=0)
    return [offer.room_type.name for offer in result.rooms]
