from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet

from innkeep.core import clock
from innkeep.properties.models import (
    Extra,
    HotelProfile,
    Room,
    RoomType,
    RoomTypePhoto,
)


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


# --- staff API lists (their query-parameter filters: innkeep.properties.filters) ---------


def room_types_query() -> QuerySet[RoomType]:
    return RoomType.objects.prefetch_related("photos")


def rooms_query() -> QuerySet[Room]:
    return Room.objects.select_related("room_type")


def extras_query() -> QuerySet[Extra]:
    return Extra.objects.all()


def room_type_photo(*, room_type: RoomType, photo_id: int) -> RoomTypePhoto | None:
    return RoomTypePhoto.objects.filter(room_type=room_type, pk=photo_id).first()


def distinct_room_types(room_types: Iterable[RoomType]) -> list[RoomType]:
    """Each room type once, in the order first named (a request may name one twice)."""
    return list({room_type.pk: room_type for room_type in room_types}.values())
