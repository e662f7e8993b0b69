"""Catalogue, stays and calendar rows made straight with the factories (inside a hotel
schema), and a look at the calendar."""

from __future__ import annotations

from datetime import date

from innkeep.inventory.models import InventoryDay
from innkeep.inventory.services import inventory_hold
from innkeep.properties.models import HousekeepingStatus, RoomType
from innkeep.reservations.models import OCCUPYING_STATUSES, ReservationStatus, Stay
from tests.factories import RoomFactory, RoomTypeFactory, StayFactory


def make_room_type(
    code: str, rooms: int, *, out_of_order: int = 0, inactive: int = 0, sort_order: int = 0
) -> RoomType:
    """A room type with `rooms` sellable rooms, plus rooms out of order and inactive ones."""
    room_type = RoomTypeFactory(code=code, name=code.title(), sort_order=sort_order)
    kinds = (
        [(True, HousekeepingStatus.CLEAN)] * rooms
        + [(True, HousekeepingStatus.OUT_OF_ORDER)] * out_of_order
        + [(False, HousekeepingStatus.CLEAN)] * inactive
    )
    for n, (active, status) in enumerate(kinds, start=1):
        RoomFactory(
            number=f"{code}-{n}", room_type=room_type, active=active, housekeeping_status=status
        )
    return room_type


def make_stay(
    room_type: RoomType,
    check_in: date,
    check_out: date,
    *,
    status: str = ReservationStatus.CONFIRMED,
) -> Stay:
    """A reservation with one stay, written directly: the calendar is not touched."""
    return StayFactory(
        room_type=room_type,
        check_in=check_in,
        check_out=check_out,
        rate_plan=None,
        reservation__status=status,
    )


def book(
    room_type: RoomType,
    check_in: date,
    check_out: date,
    *,
    status: str = ReservationStatus.CONFIRMED,
) -> Stay:
    """A stay whose nights are held in the calendar when its status occupies a room, as the
    booking flow does: calendar and reservations agree."""
    stay = make_stay(room_type, check_in, check_out, status=status)
    if status in OCCUPYING_STATUSES:
        inventory_hold(room_type_id=room_type.pk, check_in=check_in, check_out=check_out)
    return stay


def calendar(room_type: RoomType) -> dict[date, tuple[int, int, int]]:
    """night -> (sold, total, blocked) of one room type."""
    return {
        day.date: (day.sold, day.total, day.blocked)
        for day in InventoryDay.objects.filter(room_type=room_type).order_by("date")
    }


def set_night(room_type: RoomType, night: date, **counts: int) -> None:
    """Change a night behind the services' back (drift on purpose)."""
    assert InventoryDay.objects.filter(room_type=room_type, date=night).update(**counts) == 1
