"""Reservations for tests that go through every endpoint (the permission matrix, the
fuzzer): one arriving today with its room assigned, one in house leaving today, one that
never came. Dates are around the matrix's frozen 2027-03-01 (hotel-local). Made with the
factories; the no-show's night is held in the calendar so that releasing it balances.
Call inside the hotel's schema."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from innkeep.inventory.services import inventory_hold
from innkeep.reservations.models import ReservationStatus
from tests.factories import (
    DailyRateFactory,
    InventoryDayFactory,
    PartyMemberFactory,
    RatePlanFactory,
    ReservationFactory,
    RoomAssignmentFactory,
    RoomFactory,
    RoomTypeFactory,
    StayFactory,
)

ARRIVING = "ARRIVE1"
IN_HOUSE = "INHOUSE1"
MISSED = "MISSED1"
PENDING = "PENDING1"
TO_MODIFY = "MODIFY1"
TO_CANCEL = "CANCEL1"
# BKG: three rooms on sale at 100.00 from 1 to 10 March 2027, for the booking calls.
BOOKABLE = [date(2027, 3, 1) + timedelta(days=n) for n in range(10)]


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
    bookable = _bookable(catalogue)

    def held(code: str, status: str, check_in: date, check_out: date) -> Any:
        booked = StayFactory(
            reservation=ReservationFactory(code=code, status=status),
            room_type=bookable,
            rate_plan=catalogue["bookable_plan"],
            check_in=check_in,
            check_out=check_out,
        )
        inventory_hold(room_type_id=bookable.pk, check_in=check_in, check_out=check_out)
        return booked.reservation

    return {
        "pending": held(PENDING, ReservationStatus.PENDING_PAYMENT, BOOKABLE[7], BOOKABLE[8]),
        "to_modify": held(TO_MODIFY, ReservationStatus.CONFIRMED, BOOKABLE[1], BOOKABLE[3]),
        "to_cancel": held(TO_CANCEL, ReservationStatus.CONFIRMED, BOOKABLE[4], BOOKABLE[6]),
        "arriving": arriving.reservation,
        "in_house": in_house.reservation,
        "missed": missed.reservation,
        "party_member": child,
    }


def _bookable(catalogue: dict[str, Any]) -> Any:
    room_type = RoomTypeFactory(code="BKG", name="Bookable room")
    for number in ("B1", "B2", "B3"):
        RoomFactory(number=number, room_type=room_type)
    plan = RatePlanFactory(
        code="BKR",
        name="Bookable rate",
        cancellation_policy=catalogue["policy"],
        room_types=[room_type],
    )
    catalogue["bookable_plan"] = plan
    for night in BOOKABLE:
        InventoryDayFactory(room_type=room_type, date=night, total=3)
        DailyRateFactory(room_type=room_type, rate_plan=plan, date=night, price=Decimal("100"))
    return room_type


def reservation_paths(objects: dict[str, Any]) -> dict[str, str]:
    base = "/api/v1/reservations/"
    return {
        "reservation-list": base,
        "reservation-confirm": f"{base}{PENDING}/confirm/",
        "reservation-cancel": f"{base}{TO_CANCEL}/cancel/",
        "reservation-detail": f"{base}{TO_MODIFY}/",
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
