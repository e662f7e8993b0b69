from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet

from innkeep.core import clock
from innkeep.core.errors import ValidationFailed
from innkeep.core.query_params import parse_bool, parse_codes
from innkeep.properties.models import (
    Extra,
    ExtraPricing,
    HotelProfile,
    HousekeepingStatus,
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


# --- staff API lists: query-parameter filters, checked (a bad value is a 400) ----------


def room_types_query(*, active: str | None = None) -> QuerySet[RoomType]:
    problems: dict[str, list[str]] = {}
    room_types = RoomType.objects.prefetch_related("photos")
    if (flag := parse_bool("active", active, problems)) is not None:
        room_types = room_types.filter(active=flag)
    if problems:
        raise ValidationFailed(problems)
    return room_types


def rooms_query(
    *,
    room_type: str | None = None,
    floor: str | None = None,
    housekeeping_status: str | None = None,
    active: str | None = None,
) -> QuerySet[Room]:
    problems: dict[str, list[str]] = {}
    rooms = Room.objects.select_related("room_type")
    if codes := parse_codes("room_type", room_type, problems):
        rooms = rooms.filter(room_type__code__in=codes)
    if floor:
        try:
            number = int(floor)
        except ValueError:
            number = None
        if number is None or not -32768 <= number <= 32767:
            problems["floor"] = ["Use a whole number."]
        else:
            rooms = rooms.filter(floor=number)
    if housekeeping_status:
        if housekeeping_status not in HousekeepingStatus.values:
            problems["housekeeping_status"] = [f"Use {', '.join(HousekeepingStatus.values)}."]
        rooms = rooms.filter(housekeeping_status=housekeeping_status)
    if (flag := parse_bool("active", active, problems)) is not None:
        rooms = rooms.filter(active=flag)
    if problems:
        raise ValidationFailed(problems)
    return rooms


def extras_query(*, active: str | None = None, pricing: str | None = None) -> QuerySet[Extra]:
    problems: dict[str, list[str]] = {}
    extras = Extra.objects.all()
    if (flag := parse_bool("active", active, problems)) is not None:
        extras = extras.filter(active=flag)
    if pricing:
        if pricing not in ExtraPricing.values:
            problems["pricing"] = [f"Use {', '.join(ExtraPricing.values)}."]
        extras = extras.filter(pricing=pricing)
    if problems:
        raise ValidationFailed(problems)
    return extras


def room_type_photo(*, room_type: RoomType, photo_id: int) -> RoomTypePhoto | None:
    return RoomTypePhoto.objects.filter(room_type=room_type, pk=photo_id).first()


def distinct_room_types(room_types: Iterable[RoomType]) -> list[RoomType]:
    """Each room type once, in the order first named (a request may name one twice)."""
    return list({room_type.pk: room_type for room_type in room_types}.values())
