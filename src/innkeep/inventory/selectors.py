"""Reads of the inventory calendar for the staff API."""

from __future__ import annotations

from django.db.models import F, QuerySet

from innkeep.inventory.models import InventoryDay


def inventory_query() -> QuerySet[InventoryDay]:
    """Nights of the calendar with `free` (total - sold - blocked) computed by the database
    (filters: innkeep.inventory.filters)."""
    return InventoryDay.objects.select_related("room_type").annotate(
        free_rooms=F("total") - F("sold") - F("blocked")
    )
