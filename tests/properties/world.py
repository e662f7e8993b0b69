"""One of each catalogue and rates object, for tests that need something to point at (the
permission matrix). Written straight with the models, to stay fast: no calendar rows. Call
inside the hotel's schema."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from innkeep.properties.models import Extra, Room, RoomType, RoomTypePhoto
from innkeep.rates.models import CancellationPolicy, PromoCode, RatePlan, TaxRule


def catalogue_world() -> dict[str, Any]:
    room_type = RoomType.objects.create(code="MTX", name="Matrix room")
    policy = CancellationPolicy.objects.create(name="Flexible", free_until_days=2)
    rate_plan = RatePlan.objects.create(code="BAR", name="Best rate", cancellation_policy=policy)
    rate_plan.room_types.set([room_type])
    return {
        "room_type": room_type,
        "room": Room.objects.create(number="M1", room_type=room_type),
        "photo": RoomTypePhoto.objects.create(room_type=room_type, image="room-types/m.png"),
        "extra": Extra.objects.create(
            code="PARK", name="Parking", price=Decimal("9.00"), pricing="per_night"
        ),
        "policy": policy,
        "rate_plan": rate_plan,
        "tax": TaxRule.objects.create(name="VAT", kind="percent", amount=Decimal("10")),
        "promo": PromoCode.objects.create(code="HELLO", kind="percent", value=Decimal("5")),
    }
