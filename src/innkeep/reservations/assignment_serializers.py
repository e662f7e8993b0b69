"""Input and answers of the room-assignment endpoints (reservations/assignment_api.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from innkeep.properties.models import HousekeepingStatus, Room
from innkeep.reservations.models import RoomAssignment, Stay

# A confirmation code in a path (assignment_urls.py): anything else names nothing (404).
CODE_PATTERN = "^[A-Za-z0-9]{1,16}$"
# Ids are bigints: a larger number is refused on the field, never sent to PostgreSQL.
MAX_ID = 2**63 - 1

STAY_HELP = (
    "The stay's id (`rooms[].id` of the reservation). Needed when the reservation has several "
    "stays (400 `VALIDATION_ERROR` on `stay` otherwise); optional with one."
)
ROOM_HELP = "The room's number, as the rooms list shows it."


def stay_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=STAY_HELP
    )


def room_field() -> serializers.CharField:
    return serializers.CharField(max_length=10, help_text=ROOM_HELP)


class AvailableRoomsQuerySerializer(serializers.Serializer):
    stay = stay_field()
    date = serializers.DateField(
        required=False,
        help_text=(
            "Free from this night to the departure (a move during the stay); default: the "
            "stay's arrival."
        ),
    )


class AssignRoomSerializer(serializers.Serializer):
    stay = stay_field()
    room = room_field()


class UnassignRoomSerializer(serializers.Serializer):
    stay = stay_field()


class MoveRoomSerializer(serializers.Serializer):
    stay = stay_field()
    room = room_field()
    date = serializers.DateField(
        required=False,
        help_text=(
            "The first night in the new room; default: today in the hotel's time zone. A night "
            "the guest holds the current room."
        ),
    )


class AssignmentSerializer(serializers.Serializer):
    room = serializers.CharField(source="room.number", help_text="The room's number.")
    start = serializers.DateField(help_text="First night in the room.")
    end = serializers.DateField(help_text="The morning the stay leaves the room.")
    released_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the room was given up (moved, unassigned, checked out); null: held now.",
    )


class StayRoomSerializer(serializers.Serializer):
    """A stay and its rooms: the current one and the history (moves, replaced rooms)."""

    code = serializers.CharField(help_text="The reservation's confirmation code.")
    stay = serializers.IntegerField(help_text="The stay's id.")
    room_type = serializers.CharField(help_text="The stay's room type code.")
    check_in = serializers.DateField()
    check_out = serializers.DateField()
    room = serializers.CharField(allow_null=True, help_text="The room held now; null: none.")
    housekeeping_status = serializers.ChoiceField(
        choices=HousekeepingStatus.choices,
        allow_null=True,
        help_text="Of the room held now (a room not yet clean is worth a word to the guest).",
    )
    assignments = AssignmentSerializer(many=True, help_text="Every room given, oldest first.")


def stay_rooms(stay: Stay) -> dict[str, Any]:
    """What StayRoomSerializer shows of `stay`, read afresh."""
    history = list(RoomAssignment.objects.filter(stay=stay).select_related("room").order_by("id"))
    current = next((a for a in history if a.released_at is None), None)
    return {
        "code": stay.reservation.code,
        "stay": stay.pk,
        "room_type": stay.room_type.code,
        "check_in": stay.check_in,
        "check_out": stay.check_out,
        "room": current.room.number if current else None,
        "housekeeping_status": current.room.housekeeping_status if current else None,
        "assignments": history,
    }


class AvailableRoomSerializer(serializers.Serializer):
    number = serializers.CharField()
    floor = serializers.IntegerField(allow_null=True)
    housekeeping_status = serializers.ChoiceField(choices=HousekeepingStatus.choices)
    current = serializers.BooleanField(help_text="The stay holds this room now.")


class AvailableRoomsSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The reservation's confirmation code.")
    stay = serializers.IntegerField(help_text="The stay's id.")
    room_type = serializers.CharField()
    check_in = serializers.DateField(help_text="First night the rooms are free for.")
    check_out = serializers.DateField()
    rooms = AvailableRoomSerializer(
        many=True, help_text="Inspected rooms first, then clean, then the others; by number."
    )


def available_answer(stay: Stay, first_night: Any, rooms: list[Room]) -> dict[str, Any]:
    return {
        "code": stay.reservation.code,
        "stay": stay.pk,
        "room_type": stay.room_type.code,
        "check_in": first_night,
        "check_out": stay.check_out,
        "rooms": rooms,
    }
