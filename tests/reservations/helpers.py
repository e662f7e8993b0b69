"""Shared by the reservations tests: a booking in a few words, and the calendar's state."""

from __future__ import annotations

from datetime import date
from typing import Any

from innkeep.inventory.models import InventoryDay
from innkeep.reservations.booking import Booker, RoomRequest, reservation_create
from innkeep.reservations.models import Reservation
from innkeep.reservations.recount import recount_inventory
from tests.booking.conftest import d

BOOKER = Booker(first_name="Ana", last_name="Ruiz", email="ana@guest.test", phone="+34612345678")


def book(
    *rooms: RoomRequest,
    check_in: date | None = None,
    check_out: date | None = None,
    source: str = "web",
    actor: Any = "guest",
    **kwargs: Any,
) -> Reservation:
    return reservation_create(
        check_in=check_in or d(1),
        check_out=check_out or d(3),
        booker=BOOKER,
        rooms=list(rooms) or [RoomRequest(room_type="DBL", rate_plan="BAR", adults=2)],
        source=source,
        actor=actor,
        **kwargs,
    )


def sold(room_type: Any, *nights: date) -> list[int]:
    by_date = dict(
        InventoryDay.objects.filter(room_type=room_type, date__in=nights).values_list(
            "date", "sold"
        )
    )
    return [by_date[night] for night in nights]


def no_drift() -> bool:
    return recount_inventory().drifts == []
