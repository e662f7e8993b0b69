"""Reservations for tests that go through every endpoint (the permission matrix, the
fuzzer): one arriving today with its room assigned, one in house leaving today, one that
never came. Dates are around the matrix's frozen 2027-03-01 (hotel-local). Made with the
factories; the no-show's night is held in the calendar so that releasing it balances.
Call inside the hotel's schema."""

from __future__ import annotations

from datetime import date
from typing import Any

from innkeep.reservations.models import ReservationStatus
from tests.factories import (
    InventoryDayFactory,
    PartyMemberFactory,
    ReservationFactory,
    RoomFactory,
    RoomAssignmentFactory,
    StayFactory,
)

ARRIVING = "ARRIVE1"
IN_HOUSE = "INHOUSE1"
MISSED = "MISSED1"


def reservation_world(catalogue: dict[str, Any]) -> dict[str, Any]:
    # A room of its own: the catalogue's room is the one the matrix deletes.
    room_type, plan = catalogue["room_type"], catalogue["rate_plan"]
    room = RoomFactory(number="R1", room_type=room_type)

    def stay(code: str, status: str, check_in: date, check_out: date, **fields: Any) -> Any:
        reservation = ReservationFactory(code=code, status=status)
        return StayFactory(
            reservation=reservation,
            room_type=room_type,
            rate_plan=plan,
            check_in=check_in,
            check_out=check_out,
            **fields,
        )

    arriving = stay(
        ARRIVING,
        ReservationStatus.CONFIRMED,
        date(2027, 3, 1),
        date(2027, 3, 4),
        adults=2,
        children=1,
    )
    RoomAssignmentFactory(stay=arriving, room=room)
    child = PartyMemberFactory(stay=arriving, first_name="Tim", is_child=True)
    in_house = stay(IN_HOUSE, ReservationStatus.CHECKED_IN, date(2027, 2, 27), date(2027, 3, 1))
    RoomAssignmentFactory(stay=in_house, room=room)
    missed = stay(MISSED, ReservationStatus.CONFIRMED, date(2027, 2, 27), date(2027, 2, 28))
    InventoryDayFactory(room_type=room_type, date=date(2027, 2, 27), total=1, sold=1)
    return {
        "arriving": arriving.reservation,
        "in_house": in_house.reservation,
        "missed": missed.reservation,
        "party_member": child,
    }


def reservation_paths(objects: dict[str, Any]) -> dict[str, str]:
    base = "/api/v1/reservations/"
    return {
        "reservation-list": base,
        "reservation-detail": f"{base}{ARRIVING}/",
        "reservation-events": f"{base}{ARRIVING}/events/",
        "reservation-check-in": f"{base}{ARRIVING}/check-in/",
        "reservation-check-out": f"{base}{IN_HOUSE}/check-out/",
        "reservation-no-show": f"{base}{MISSED}/no-show/",
        "reservation-party": f"{base}{ARRIVING}/party/",
        "reservation-party-member": f"{base}{ARRIVING}/party/{objects['party_member'].pk}/",
        "front-desk-arrivals": "/api/v1/front-desk/arrivals/",
        "front-desk-departures": "/api/v1/front-desk/departures/",
        "front-desk-in-house": "/api/v1/front-desk/in-house/",
    }
