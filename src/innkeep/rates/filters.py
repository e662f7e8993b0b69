"""Query-parameter filters of the rates' staff lists (innkeep.core.filters); promo codes
filter on `active` only (ActiveFilterSet)."""

from __future__ import annotations

from django.db.models import QuerySet

from innkeep.core.filters import ActiveFilterSet, CodesFilter, DateRangeFilterSet, EnumFilter
from innkeep.rates.models import Restriction, TaxKind

NO_RATE_PLAN = "NONE"


class RatePlanFilter(ActiveFilterSet):
    room_type = CodesFilter("room_types__code", "Sold for this room type:", distinct=True)


class TaxRuleFilter(ActiveFilterSet):
    kind = EnumFilter(TaxKind, field_name="kind", help_text="Only taxes of this kind.")


class DailyRateFilter(DateRangeFilterSet):
    rate_plan = CodesFilter("rate_plan__code", "Rate plan")
    room_type = CodesFilter("room_type__code", "Room type")


class RestrictionFilter(DateRangeFilterSet):
    room_type = CodesFilter("room_type__code", "Room type")
    rate_plan = CodesFilter(
        "rate_plan__code",
        "Rate plan",
        method="filter_rate_plan",
        help_text=(
            "Rate plan code(s), comma separated; `none`: the rows for every plan of the room type."
        ),
    )

    def filter_rate_plan(
        self, rows: QuerySet[Restriction], name: str, codes: list[str]
    ) -> QuerySet[Restriction]:
        if codes == [NO_RATE_PLAN]:
            return rows.filter(rate_plan__isnull=True)
        return rows.filter(rate_plan__code__in=codes)
