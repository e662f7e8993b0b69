"""One of each catalogue and rates object, for tests that need something to point at (the
permission matrix). Made with the factories, to stay fast: no calendar rows. Call inside
the hotel's schema."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.factories import (
    CancellationPolicyFactory,
    ExtraFactory,
    PromoCodeFactory,
    RatePlanFactory,
    RoomFactory,
    RoomTypeFactory,
    RoomTypePhotoFactory,
    TaxRuleFactory,
)


def catalogue_world() -> dict[str, Any]:
    room_type = RoomTypeFactory(code="MTX", name="Matrix room")
    policy = CancellationPolicyFactory(name="Flexible", free_until_days=2)
    return {
        "room_type": room_type,
        "room": RoomFactory(number="M1", room_type=room_type),
        "photo": RoomTypePhotoFactory(room_type=room_type, image="room-types/m.png"),
        "extra": ExtraFactory(
            code="PARK", name="Parking", price=Decimal("9.00"), pricing="per_night"
        ),
        "policy": policy,
        "rate_plan": RatePlanFactory(
            code="BAR", name="Best rate", cancellation_policy=policy, room_types=[room_type]
        ),
        "tax": TaxRuleFactory(name="VAT", kind="percent", amount=Decimal("10")),
        "promo": PromoCodeFactory(code="HELLO", kind="percent", value=Decimal("5")),
    }
