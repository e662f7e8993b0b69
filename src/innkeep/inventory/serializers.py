"""The inventory calendar as the staff API shows it, and the bulk block it takes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from innkeep.core.api_fields import AnswerSerializer
from innkeep.inventory import api_examples
from innkeep.inventory.models import InventoryDay
from innkeep.properties.serializers import RangeSerializer

MAX_BLOCKED = 10000


@extend_schema_serializer(examples=[api_examples.INVENTORY_DAY])
class InventoryDaySerializer(AnswerSerializer):
    room_type = serializers.CharField(source="room_type.code", help_text="Room type code.")
    free = serializers.IntegerField(source="free_rooms", help_text="total - sold - blocked.")

    class Meta:
        model = InventoryDay
        fields = ["room_type", "date", "total", "sold", "blocked", "free"]


class InventoryBulkSerializer(RangeSerializer):
    blocked = serializers.IntegerField(
        min_value=0,
        max_value=MAX_BLOCKED,
        help_text="Rooms of each type held back from sale on each chosen night (0: release).",
    )
