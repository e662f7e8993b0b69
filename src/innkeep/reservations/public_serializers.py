from __future__ import annotations

from typing import Any

from rest_framework import serializers

from innkeep.core.api import PhoneField, PhoneInputField
from innkeep.core.api_fields import any_case, documented
from innkeep.core.text import validate_name
from innkeep.properties.models import CODE_REGEX, HotelProfile, RoomType
from innkeep.properties.serializers import WithClockTimes
from innkeep.properties.services import PROFILE_FIELDS, ROOM_TYPE_FIELDS
from innkeep.rates.catalogue import ProfileCopy, RoomTypeCopy
from innkeep.rates.services import PROMO_CODE_FORMAT

MAX_PARTY = 20


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
        fields = [*(f for f in ROOM_TYPE_FIELDS if f not in ("sort_order", "active")), "photos"]

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


# --- bookings --------------------------------------------------------------------------------

NAME_HELP = "As the person writes it (letters, spaces, hyphens, apostrophes)."


def name(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=150, validators=[validate_name], help_text=NAME_HELP, **kwargs
    )


class BookerRequestSerializer(serializers.Serializer):
    first_name = name()
    last_name = name()
    email = serializers.EmailField(max_length=254, help_text="Where the confirmation goes.")
    phone = PhoneInputField()
    company = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class GuestRequestSerializer(serializers.Serializer):
    first_name = name(required=False, allow_blank=True, default="")
    last_name = name(required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    phone = PhoneInputField(default="")


class PartyMemberRequestSerializer(serializers.Serializer):
    first_name = name()
    last_name = name()
    is_child = serializers.BooleanField(required=False, default=False)


class BookingRoomRequestSerializer(RoomRequestSerializer):
    guest = GuestRequestSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="Who stays in the room; left out or without a name: the booker.",
    )
    party = PartyMemberRequestSerializer(
        many=True,
        required=False,
        default=list,
        max_length=MAX_PARTY,  # type: ignore[call-arg]
        help_text="The room's other guests (at most adults + children - 1).",
    )


class ReservationRequestSerializer(serializers.Serializer):
    quote_id = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A quote of the last 15 minutes: the booking is taken at its prices. It must "
        "ask for the quote's dates, rooms and promo code (400 QUOTE_MISMATCH otherwise).",
    )
    check_in = serializers.DateField(help_text="Arrival, hotel-local date (YYYY-MM-DD).")
    check_out = serializers.DateField(help_text="Departure, hotel-local date (YYYY-MM-DD).")
    booker = BookerRequestSerializer()
    rooms = BookingRoomRequestSerializer(many=True, allow_empty=False, max_length=10)  # type: ignore[call-arg]
    special_requests = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    promo_code = promo_code(allow_null=True)
    language = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")


class PersonSerializer(serializers.Serializer):
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    phone = PhoneField()


class BookerSerializer(PersonSerializer):
    company = serializers.CharField()


class PartyMemberSerializer(serializers.Serializer):
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    is_child = serializers.BooleanField()


class StayExtraSerializer(serializers.Serializer):
    code = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.CharField()
    total = serializers.CharField()


class ReservationRoomSerializer(serializers.Serializer):
    room_type = serializers.CharField()
    rate_plan = serializers.CharField(allow_null=True)
    check_in = serializers.DateField()
    check_out = serializers.DateField()
    adults = serializers.IntegerField()
    children = serializers.IntegerField()
    guest = PersonSerializer()
    party = PartyMemberSerializer(many=True)
    extras = StayExtraSerializer(many=True)
    nightly = NightlyPriceSerializer(many=True)
    assigned_room = serializers.CharField(
        allow_null=True, help_text="The room number, once the hotel assigned one."
    )
    subtotal = serializers.CharField()
    taxes = serializers.CharField()
    total = serializers.CharField()


class PublicReservationSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The confirmation code (6 characters).")
    status = serializers.CharField(
        help_text="confirmed, or pending_payment (the rate asks a guarantee: the rooms are "
        "held until hold_expires_at); later checked_in, checked_out, cancelled, no_show."
    )
    check_in = serializers.DateField()
    check_out = serializers.DateField()
    nights = serializers.IntegerField()
    booker = BookerSerializer()
    rooms = ReservationRoomSerializer(many=True)
    currency = serializers.CharField()
    promo_code = serializers.CharField(allow_null=True)
    discount = serializers.CharField()
    subtotal = serializers.CharField()
    taxes = serializers.CharField()
    total = serializers.CharField()
    special_requests = serializers.CharField()
    hold_expires_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class GuestReservationSerializer(PublicReservationSerializer):
    cancellation_fee = serializers.CharField(
        allow_null=True,
        help_text="What cancelling would cost now under the rate plans' policies (null when "
        "it can no longer be cancelled); once cancelled, the fee recorded.",
    )
    cancellable = serializers.BooleanField()


class GuestEmailQuerySerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254, help_text="The booker's email.")


class GuestCancelRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254, help_text="The booker's email.")


class GuestCancelledSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.CharField()
    currency = serializers.CharField()
    cancellation_fee = serializers.CharField()
