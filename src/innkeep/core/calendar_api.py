"""API helpers shared by the calendars of the staff API (prices, restrictions, inventory):
rows listed by date, and changes set in bulk on a date range and some weekdays."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework import mixins, serializers, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from innkeep.core.dates import WEEKDAYS

DATE_PARAMS = [
    OpenApiParameter("date_from", str, description="First date (YYYY-MM-DD), inclusive."),
    OpenApiParameter("date_to", str, description="Last date (YYYY-MM-DD), inclusive."),
]


def codes_param(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(name, str, description=f"{what} code, or several comma separated.")


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

    filter_backends = [OrderingFilter]

    def bulk_answer(self, updated: int) -> Response:
        return Response(BulkResultSerializer({"updated": updated}).data)
