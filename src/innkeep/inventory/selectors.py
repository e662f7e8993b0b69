"""Reads of the inventory calendar for the staff API."""

from __future__ import annotations

from django.db.models import F, QuerySet

from innkeep.core.errors import ValidationFailed
from innkeep.core.query_params import date_range, parse_codes
from innkeep.inventory.models import InventoryDay


def inventory_query(
    *, room_type: str | None = None, date_from: str | None = None, date_to: str | None = None
) -> QuerySet[InventoryDay]:
    """Nights of the calendar with `free` (total - sold - blocked) computed by the database;
    `room_type` takes one code or several, comma separated."""
    problems: dict[str, list[str]] = {}
    start, end = date_range(date_from, date_to, problems)
    codes = parse_codes("room_type", room_type, problems)
    if problems:
        raise ValidationFailed(problems)
    days = InventoryDay.objects.select_related("room_type").annotate(
        free_rooms=F("total") - F("sold") - F("blocked")
    )
    if codes:
        days = days.filter(room_type__code__in=codes)
    if start:
        days = days.filter(date__gte=start)
    if end:
        days = days.filter(date__lte=end)
    return days
