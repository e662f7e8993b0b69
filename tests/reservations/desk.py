"""Reservations for the staff API tests, written with the factories inside hotel A."""

from __future__ import annotations

from datetime import date
from typing import Any

from innkeep.reservations.models import ReservationStatus
from tests.factories import (
    ReservationFactory,
    RoomAssignmentFactory,
    RoomFactory,
    RoomTypeFactory,
    StayFactory,
)


def stay_of(
    code: str,
    *,
    status: str = ReservationStatus.CONFIRMED,
    room_type: Any = None,
    check_in: date = date(2027, 3, 2),
    check_out: date = date(2027, 3, 4),
    room: Any = None,
    reservation: dict[str, Any] | None = None,
    **stay: Any,
) -> Any:
    """A reservation `code` with one stay (and its room assigned when `room` is given)."""
    booked = StayFactory(
        reservation=ReservationFactory(code=code, status=status, **(reservation or {})),
        room_type=room_type or RoomTypeFactory(),
        check_in=check_in,
        check_out=check_out,
        **stay,
    )
    if room is not None:
        RoomAssignmentFactory(stay=booked, room=room)
    return booked


def room_of(room_type: Any, number: str, **fields: Any) -> Any:
    return RoomFactory(room_type=room_type, number=number, **fields)
