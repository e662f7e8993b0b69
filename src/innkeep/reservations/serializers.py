"""Answers and bodies of the staff reservations API (reservations/api.py). Output only
reads; writes go through reservations/front_desk.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innkeep.core.api import PhoneField, PhoneInputField
from innkeep.core.api_fields import AnswerSerializer
from innkeep.core.text import validate_name
from innkeep.reservations.models import (
    DETAIL_FIELDS,
    STAY_FIELDS,
    PartyMember,
    Reservation,
    ReservationEvent,
    RoomAssignment,
    Stay,
    StayExtra,
)
from innkeep.reservations.public_serializers import ExtraRequestSerializer, code, promo_code
from innkeep.reservations.selectors import current_assignment, live_assignments


def _today(serializer: serializers.Serializer) -> date:
    return serializer.context["today"]  # type: ignore[no-any-return]


class StaffBookerSerializer(serializers.Serializer):
    first_name = serializers.CharField(source="booker_first_name", read_only=True)
    last_name = serializers.CharField(source="booker_last_name", read_only=True)
    email = serializers.EmailField(source="booker_email", read_only=True)
    phone = PhoneField(source="booker_phone", read_only=True)
    company = serializers.CharField(source="booker_company", read_only=True)


class StaffGuestSerializer(serializers.Serializer):
    first_name = serializers.CharField(source="guest_first_name", read_only=True)
    last_name = serializers.CharField(source="guest_last_name", read_only=True)
    email = serializers.CharField(source="guest_email", read_only=True)
    phone = PhoneField(source="guest_phone", read_only=True)


class StaffPartyMemberSerializer(AnswerSerializer):
    class Meta:
        model = PartyMember
        fields = ["id", "stay", "first_name", "last_name", "is_child"]


class StaffStayExtraSerializer(AnswerSerializer):
    code = serializers.CharField(source="extra.code", read_only=True)
    name = serializers.CharField(source="extra.name", read_only=True)

    class Meta:
        model = StayExtra
        fields = ["code", "name", "quantity", "unit_price", "total"]


class StaffRoomAssignmentSerializer(AnswerSerializer):
    room = serializers.CharField(source="room.number", read_only=True)

    class Meta:
        model = RoomAssignment
        fields = ["room", "start", "end"]


class StaffNightSerializer(serializers.Serializer):
    date = serializers.DateField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)


class StaffStaySerializer(AnswerSerializer):
    room_type = serializers.CharField(source="room_type.code", read_only=True)
    rate_plan = serializers.SerializerMethodField()
    guest = StaffGuestSerializer(source="*", read_only=True)
    assigned_room = serializers.SerializerMethodField(
        help_text="The room for tonight (or the next one assigned); null when none is."
    )
    rooms = serializers.SerializerMethodField(
        help_text="Every live room assignment of the stay (several after a move)."
    )
    party = StaffPartyMemberSerializer(many=True, read_only=True)
    extras = StaffStayExtraSerializer(many=True, read_only=True)
    nightly = StaffNightSerializer(many=True, read_only=True)

    class Meta:
        model = Stay
        fields = [
            "id",
            *STAY_FIELDS,
            "guest",
            "assigned_room",
            "rooms",
            "party",
            "extras",
            "nightly",
            "subtotal",
            "taxes",
            "total",
            "rate_override_reason",
            "checked_in_at",
            "checked_out_at",
        ]

    def get_rate_plan(self, stay: Stay) -> str | None:
        return stay.rate_plan.code if stay.rate_plan else None

    @extend_schema_field({"type": "string", "nullable": True, "example": "201"})
    def get_assigned_room(self, stay: Stay) -> str | None:
        current = current_assignment(live_assignments(stay), _today(self))
        return current.room.number if current else None

    @extend_schema_field(StaffRoomAssignmentSerializer(many=True))
    def get_rooms(self, stay: Stay) -> list[dict[str, Any]]:
        return StaffRoomAssignmentSerializer(live_assignments(stay), many=True).data  # type: ignore[return-value]


class ReservationListSerializer(AnswerSerializer):
    check_in = serializers.DateField(source="arrival", read_only=True, allow_null=True)
    check_out = serializers.DateField(source="departure", read_only=True, allow_null=True)
    booker = StaffBookerSerializer(source="*", read_only=True)
    rooms = serializers.SerializerMethodField(help_text="Room numbers assigned, tonight's first.")

    class Meta:
        model = Reservation
        fields = [
            "code",
            "status",
            "source",
            "check_in",
            "check_out",
            "booker",
            "rooms",
            "currency",
            "total",
            "created_at",
        ]

    @extend_schema_field({"type": "array", "items": {"type": "string"}, "example": ["201"]})
    def get_rooms(self, reservation: Reservation) -> list[str]:
        numbers = []
        for stay in reservation.stays.all():
            current = current_assignment(live_assignments(stay), _today(self))
            if current is not None:
                numbers.append(current.room.number)
        return numbers


class ReservationSerializer(ReservationListSerializer):
    stays = StaffStaySerializer(many=True, read_only=True)
    promo_code = serializers.SerializerMethodField()
    created_by = serializers.SerializerMethodField(help_text="Staff email; null: the guest.")
    cancel_reason = serializers.CharField(
        read_only=True,
        help_text='guest, hotel, hold_expired or other; "" while not cancelled.',
    )

    class Meta:
        model = Reservation
        fields = [
            *ReservationListSerializer.Meta.fields,
            "stays",
            "subtotal",
            "taxes",
            "discount",
            *DETAIL_FIELDS,
            "updated_at",
        ]

    def get_promo_code(self, reservation: Reservation) -> str | None:
        return reservation.promo_code.code if reservation.promo_code_id else None  # type: ignore[union-attr]

    def get_created_by(self, reservation: Reservation) -> str | None:
        return reservation.created_by.email if reservation.created_by_id else None  # type: ignore[union-attr]


class CheckInWarningSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ROOM_NOT_CLEAN: the room is dirty or out of order.")
    message = serializers.CharField()
    details = serializers.DictField(help_text="room, housekeeping_status")


class CheckInSerializer(ReservationSerializer):
    warnings = serializers.SerializerMethodField()

    class Meta(ReservationSerializer.Meta):
        fields = [*ReservationSerializer.Meta.fields, "warnings"]

    @extend_schema_field(CheckInWarningSerializer(many=True))
    def get_warnings(self, reservation: Reservation) -> list[dict[str, Any]]:
        return [
            {"code": w.code, "message": w.message, "details": w.details}
            for w in self.context.get("warnings", [])
        ]


class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="actor_id", allow_null=True)
    email = serializers.SerializerMethodField()
    label = serializers.CharField(source="actor_label")  # type: ignore[assignment]

    def get_email(self, event: ReservationEvent) -> str | None:
        return event.actor.email if event.actor_id else None  # type: ignore[union-attr]


class ReservationEventSerializer(AnswerSerializer):
    actor = ActorSerializer(source="*", read_only=True)

    class Meta:
        model = ReservationEvent
        fields = ["id", "action", "from_status", "to_status", "actor", "details", "created_at"]


class PartyMemberInputSerializer(serializers.Serializer):
    stay = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The stay (room) id; may be left out when the reservation has one room.",
    )
    first_name = serializers.CharField(max_length=150, validators=[validate_name])
    last_name = serializers.CharField(max_length=150, validators=[validate_name])
    is_child = serializers.BooleanField(default=False)


# --- bodies of the booking calls (reservations/booking.py, modify.py, cancel.py) ----------

STAFF_SOURCE_CHOICES = ["phone", "walk_in", "staff"]


class StaffBookerInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=150, validators=[validate_name])
    last_name = serializers.CharField(max_length=150, validators=[validate_name])
    email = serializers.EmailField(max_length=254)
    phone = PhoneInputField()
    company = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class StaffGuestInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default="", validators=[validate_name]
    )
    last_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default="", validators=[validate_name]
    )
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    phone = PhoneInputField(default="")


class StaffPartyInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=150, validators=[validate_name])
    last_name = serializers.CharField(max_length=150, validators=[validate_name])
    is_child = serializers.BooleanField(default=False)


# The public booking's extra, under the staff API's own component name (a docstring here
# would become the component's description).
class BookedExtraInputSerializer(ExtraRequestSerializer):
    pass


class BookedRoomInputSerializer(serializers.Serializer):
    room_type = code()
    rate_plan = code()
    adults = serializers.IntegerField(min_value=1, max_value=100)
    children = serializers.IntegerField(min_value=0, max_value=100, default=0)
    guest = StaffGuestInputSerializer(required=False)
    party = StaffPartyInputSerializer(many=True, required=False, max_length=100)  # type: ignore[call-arg]
    extras = BookedExtraInputSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]
    price_override = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        allow_null=True,
        help_text="Every night's price, set by hand: needs `override_reason` and the "
        "reservations.override_rate permission (403 without it).",
    )
    override_reason = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class ReservationCreateSerializer(serializers.Serializer):
    check_in = serializers.DateField(help_text="Arrival, hotel-local (YYYY-MM-DD).")
    check_out = serializers.DateField(help_text="Departure, hotel-local (YYYY-MM-DD).")
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=STAFF_SOURCE_CHOICES, default="phone", help_text="phone, walk_in or staff."
    )
    booker = StaffBookerInputSerializer()
    rooms = BookedRoomInputSerializer(many=True, allow_empty=False, max_length=20)  # type: ignore[call-arg]
    quote_id = serializers.UUIDField(required=False, allow_null=True)
    promo_code = promo_code()
    special_requests = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    language = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")


class ReservationModifySerializer(serializers.Serializer):
    stay = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The stay (room) to change; may be left out when there is one.",
    )
    check_in = serializers.DateField(required=False)
    check_out = serializers.DateField(required=False)
    room_type = code(required=False)
    adults = serializers.IntegerField(required=False, min_value=1, max_value=100)
    children = serializers.IntegerField(required=False, min_value=0, max_value=100)
    price_override = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        help_text="A new price by hand for every night of the stay: needs `override_reason` "
        "and the reservations.override_rate permission (403 without it).",
    )
    override_reason = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    reprice = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Drop a price set by hand for today's rates (override_rate permission). A "
        "stay priced by hand keeps its nightly price through new dates or party; a new room "
        "type needs `price_override` or `reprice` (409 RATE_OVERRIDE_DECISION_NEEDED).",
    )


class ReservationCancelSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=["guest", "hotel", "other"])
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
