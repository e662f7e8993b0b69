"""Query-parameter filters of the inventory calendar (innkeep.core.filters)."""

from __future__ import annotations

from innkeep.core.filters import CodesFilter, DateRangeFilterSet


class InventoryFilter(DateRangeFilterSet):
    room_type = CodesFilter("room_type__code", "Room type")
