from __future__ import annotations

from typing import Any

from rest_framework import serializers

from innkeep.core.api import PhoneField
from innkeep.core.api_fields import any_case, documented
from innkeep.properties.models import CODE_REGEX, HotelProfile, RoomType
from innkeep.properties.serializers import WithClockTimes
from innkeep.properties.services import PROFILE_FIELDS
from innkeep.rates.catalogue import ProfileCopy, RoomTypeCopy
from innkeep.rates.services import PROMO_CODE_FORMAT


def code(**kwargs: Any) -> serializers.CharField:
    """A room type, rate plan or extra named by its code (exactly: "DBL")."""
    return documented(serializers.CharField(max_length=16, **kwargs), pattern=CODE_REGEX)


def promo_code(**kwargs: Any) -> serializers.CharField:
    """A promo code as staff created it (any case; empty or absent: none)."""
    field = serializers.CharField(required=False, allow_blank=True, max_length=32, **kwargs)
    return documented(field, pattern=any_case(PROMO_CODE_FORMAT.pattern))


class AvailabilityQuerySerializer(serializers.Serializer):
    check_in = serializers.DateField(help_text="Arrival, hotel-local date (YYYY-MM-DD).")
    check_out = serializers.DateField(help_text="Departure, hotel-local date (YYYY-MM-DD).")
    adults = serializers.IntegerField(default=2, min_value=0, max_value=1000)
    children = serializers.IntegerField(default=0, min_value=0, max_value=1000)
    promo = promo_code()


def photo_urls(room_type: RoomTypeCopy) -> list[str]:
    return list(room_type.photos)


class PublicRoomTypeSerializer(serializers.ModelSerializer):
    photos = serializers.SerializerMethodField()

    class Meta:
        model = RoomType
        fields = [
            "code",
            "name",
            "description",
            "max_adults",
            "max_children",
            "max_occupancy",
            "bed_setup",
            "photos",
        ]

    def get_photos(self, room_type: RoomTypeCopy) -> list[str]:
        return photo_urls(room_type)


class PublicHotelSerializer(WithClockTimes):
    phone = PhoneField()
    room_types = serializers.SerializerMethodField()

    class Meta:
        model = HotelProfile
        fields = [
            *(f for f in PROFILE_FIELDS if f not in ("legal_name", "no_show_cutoff")),
            "room_types",
        ]

    def get_room_types(self, profile: ProfileCopy) -> Any:
        return PublicRoomTypeSerializer(self.context["room_types"], many=True).data


class NightlyPriceSerializer(serializers.Serializer):
    date = serializers.DateField()
    price = serializers.DecimalField(max_digits=10, decimal_places=2)


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="SOLD_OUT, NO_RATE, CLOSED, CLOSED_TO_ARRIVAL, CLOSED_TO_DEPARTURE, "
        "MIN_STAY or MAX_STAY"
    )
    message = serializers.CharField()


class PlanOfferSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    meal_plan = serializers.CharField()
    bookable = serializers.BooleanField()
    reasons = ReasonSerializer(many=True)
    nightly = NightlyPriceSerializer(many=True)
    discount = serializers.DecimalField(max_digits=12, decimal_places=2)
    subtotal = serializers.DecimalField(max_digits=12, decimal_places=2)
    taxes = serializers.DecimalField(max_digits=12, decimal_places=2)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    cancellation_policy = serializers.CharField(allow_null=True)
    guarantee = serializers.CharField()


class RoomOfferSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    max_occupancy = serializers.IntegerField()
    available = serializers.IntegerField()
    photos = serializers.ListField(child=serializers.CharField())
    rate_plans = PlanOfferSerializer(many=True)


class AvailabilitySerializer(serializers.Serializer):
    check_in = serializers.DateField()
    check_out = serializers.DateField()
    nights = serializers.IntegerField()
    adults = serializers.IntegerField()
    children = serializers.IntegerField()
    currency = serializers.CharField()
    promo_code = serializers.CharField(allow_null=True)
    room_types = RoomOfferSerializer(many=True)


class ExtraRequestSerializer(serializers.Serializer):
    code = code()
    quantity = serializers.IntegerField(min_value=1, max_value=100, default=1)


class RoomRequestSerializer(serializers.Serializer):
    room_type = code()
    rate_plan = code()
    adults = serializers.IntegerField(min_value=1, max_value=50)
    children = serializers.IntegerField(min_value=0, max_value=50, default=0)
    extras = ExtraRequestSerializer(many=True, required=False, default=list)


class QuoteRequestSerializer(serializers.Serializer):
    check_in = serializers.DateField()
    check_out = serializers.DateField()
    promo_code = promo_code(allow_null=True)
    rooms = RoomRequestSerializer(many=True, allow_empty=False, max_length=10)  # type: ignore[call-arg]


class QuoteExtraSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    pricing = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.CharField()
    total = serializers.CharField()


class QuoteRoomSerializer(serializers.Serializer):
    room_type = serializers.CharField()
    rate_plan = serializers.CharField()
    adults = serializers.IntegerField()
    children = serializers.IntegerField()
    nightly = NightlyPriceSerializer(many=True)
    discount = serializers.CharField()
    extras = QuoteExtraSerializer(many=True)
    subtotal = serializers.CharField()
    taxes = serializers.CharField()
    total = serializers.CharField()


class QuoteSerializer(serializers.Serializer):
    quote_id = serializers.UUIDField()
    expires_at = serializers.DateTimeField()
    check_in = serializers.DateField()
    check_out = serializers.DateField()
    nights = serializers.IntegerField()
    currency = serializers.CharField()
    promo_code = serializers.CharField(allow_null=True)
    rooms = QuoteRoomSerializer(many=True)
    subtotal = serializers.CharField()
    taxes = serializers.CharField()
    total = serializers.CharField()
