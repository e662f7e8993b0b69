"""Staff fixtures of the accounts tests; the hotel's clock stands still (today is
2027-03-01 at the session hotels); the catalogue the rates tests price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.core import clock
from tests.accounts.conftest import make_staff, owner_of  # noqa: F401 (fixtures)
from tests.factories import (
    CancellationPolicyFactory,
    DailyRateFactory,
    RatePlanFactory,
    RoomTypeFactory,
)
from tests.properties.conftest import NOW


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)


@pytest.fixture
def owner_api(api_for, hotel_a, owner_of):  # type: ignore[no-untyped-def]  # noqa: F811
    client = api_for(hotel_a)
    client.credentials(HTTP_AUTHORIZATION=owner_of(hotel_a).auth["HTTP_AUTHORIZATION"])
    return client


@pytest.fixture
def rooms(hotel_a):  # type: ignore[no-untyped-def]
    """Room types DBL, TWN and STE at hotel A, sold by no rate plan yet."""
    with tenant_context(hotel_a.hotel):
        return {code: RoomTypeFactory(code=code) for code in ("DBL", "TWN", "STE")}


@pytest.fixture
def policy(hotel_a):  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        return CancellationPolicyFactory(name="Flexible", free_until_days=2, fee_kind="first_night")


@pytest.fixture
def hotel(rooms, hotel_a):  # type: ignore[no-untyped-def]
    """BAR sells DBL, TWN and STE, NRF only DBL; prices already there: a Sunday of BAR/DBL
    (2027-03-07, 70) and the whole fortnight of NRF/DBL (2027-03-01 to 14, 60)."""
    with tenant_context(hotel_a.hotel):
        bar = RatePlanFactory(code="BAR", name="Best", room_types=rooms.values())
        nrf = RatePlanFactory(code="NRF", name="Saver", room_types=[rooms["DBL"]])
        DailyRateFactory(
            rate_plan=bar, room_type=rooms["DBL"], date=date(2027, 3, 7), price=Decimal("70")
        )
        for n in range(1, 15):
            DailyRateFactory(
                rate_plan=nrf, room_type=rooms["DBL"], date=date(2027, 3, n), price=Decimal("60")
            )
    return {"types": rooms, "bar": bar, "nrf": nrf}
