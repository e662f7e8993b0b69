"""Query-parameter filters of the catalogue's staff lists (innkeep.core.filters); room types
filter on `active` only (ActiveFilterSet)."""

from __future__ import annotations

from innkeep.core.filters import ActiveFilterSet, CodesFilter, EnumFilter, IntegerFilter
from innkeep.properties.models import ExtraPricing, HousekeepingStatus


class RoomFilter(ActiveFilterSet):
    room_type = CodesFilter("room_type__code", "Room type")
    floor = IntegerFilter(
        field_name="floor", min_value=-32768, max_value=32767, help_text="Only rooms on this floor."
    )
    housekeeping_status = EnumFilter(
        HousekeepingStatus,
        field_name="housekeeping_status",
        help_text="Only rooms in this housekeeping status.",
    )


class ExtraFilter(ActiveFilterSet):
    pricing = EnumFilter(
        ExtraPricing, field_name="pricing", help_text="Only extras priced this way."
    )
