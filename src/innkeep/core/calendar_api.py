"""API helpers shared by the calendars of the staff API (prices, restrictions, inventory):
rows listed by date, and changes set in bulk on a date range and some weekdays."""

from __future__ import annotations

from rest_framework import mixins, serializers, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from innkeep.core.dates import WEEKDAYS
from innkeep.core.filters import FilterBackend


def weekdays() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=WEEKDAYS),
        required=False,
        allow_null=True,
        max_length=7,
        help_text="Only these days of the week (mon..sun); absent or empty: every day.",
    )


class BulkResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField(help_text="Rows set (room types x chosen dates).")


class CalendarViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[misc]
    """A list of calendar rows by date, and a bulk change of them."""

    filter_backends = [FilterBackend, OrderingFilter]

    def bulk_answer(self, updated: int) -> Response:
        return Response(BulkResultSerializer({"updated": updated}).data)
