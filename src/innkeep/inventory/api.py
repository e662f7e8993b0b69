"""Staff API of the inventory calendar: nights by room type, and blocks set in bulk."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from innkeep.core.api_schema import ERROR_RESPONSES
from innkeep.core.calendar_api import BulkResultSerializer, CalendarViewSet
from innkeep.inventory import selectors, services
from innkeep.inventory.filters import InventoryFilter
from innkeep.inventory.models import InventoryDay
from innkeep.inventory.serializers import InventoryBulkSerializer, InventoryDaySerializer


@extend_schema(tags=["inventory"])
@extend_schema_view(
    list=extend_schema(
        summary="The inventory calendar",
        responses={200: InventoryDaySerializer(many=True), **ERROR_RESPONSES(400, 401, 403)},
    ),
)
class InventoryViewSet(CalendarViewSet):
    """One row per room type per night: total (sellable rooms), sold, blocked, free."""

    serializer_class = InventoryDaySerializer
    access = {"list": "inventory.view_inventoryday", "bulk": "inventory.change_inventoryday"}
    ordering_fields = ["date", "free_rooms", "sold"]
    ordering = ["date", "room_type__sort_order", "room_type__code"]
    filterset_class = InventoryFilter

    def get_queryset(self) -> QuerySet[InventoryDay]:
        return selectors.inventory_query()

    @extend_schema(
        summary="Block rooms on a date range, for some weekdays, across room types",
        description=(
            "Sets `blocked` on each chosen night of each room type (0 releases the block). "
            "All or nothing: if a night has fewer unsold rooms than that, nothing changes and "
            "the answer is 409 `INVENTORY_CONFLICT` with `details.nights`."
        ),
        request=InventoryBulkSerializer,
        responses={200: BulkResultSerializer, **ERROR_RESPONSES(400, 401, 403, 409)},
        examples=[
            OpenApiExample(
                "Hold two rooms back on weekends",
                value={
                    "room_types": ["DBL", "TWN"],
                    "date_from": "2027-06-01",
                    "date_to": "2027-06-30",
                    "weekdays": ["fri", "sat"],
                    "blocked": 2,
                },
                request_only=True,
            ),
            OpenApiExample("Result", value={"updated": 16}, response_only=True),
        ],
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        serializer = InventoryBulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = services.inventory_block_bulk(actor=request.user, **serializer.validated_data)
        return self.bulk_answer(updated)
