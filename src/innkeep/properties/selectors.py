from __future__ import annotations

from datetime import date

from innkeep.core import clock
from innkeep.properties.models import HotelProfile, Room, RoomType


def hotel_profile() -> HotelProfile:
    return HotelProfile.objects.get()


def hotel_today() -> date:
    """Today in the hotel's time zone: stays are booked in the hotel's local dates."""
    return clock.today_in(hotel_profile().timezone)


def sellable_rooms() -> dict[int, int]:
    """Room type id -> rooms that can be sold (active, not out of order)."""
    from django.db.models import Count, Q

    from innkeep.properties.models import HousekeepingStatus

    counts = RoomType.objects.annotate(
        sellable=Count(
            "rooms",
            filter=Q(rooms__active=True)
            & ~Q(rooms__housekeeping_status=HousekeepingStatus.OUT_OF_ORDER),
        )
    ).values_list("id", "sellable")
    return dict(counts)


def room_list() -> list[Room]:
    return list(Room.objects.select_related("room_type"))
