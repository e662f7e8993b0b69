"""Staff API of room assignment, on a reservation's path: the rooms free for a stay, and
assigning, unassigning and moving rooms (services in reservations/assignment.py).

A viewset of its own, mounted by explicit routes (assignment_urls.py) beside the
reservations viewset, which owns `reservations/` and `reservations/{code}/`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from innkeep.core.api import parse_query
from innkeep.core.api_schema import ERROR_RESPONSES, ErrorSerializer
from innkeep.core.errors import VALIDATION_ERROR
from innkeep.core.parsers import JSONParser
from innkeep.properties.selectors import hotel_today
from innkeep.reservations import assignment, errors
from innkeep.reservations.assignment_serializers import (
    CODE_PATTERN,
    AssignRoomSerializer,
    AvailableRoomsQuerySerializer,
    AvailableRoomsSerializer,
    MoveRoomSerializer,
    StayRoomSerializer,
    UnassignRoomSerializer,
    available_answer,
    stay_rooms,
)
from innkeep.reservations.models import Stay

CODE_PARAM = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The reservation's confirmation code.",
    pattern=CODE_PATTERN,
)

ASSIGNED = {
    "code": "K7M2QX",
    "stay": 12,
    "room_type": "DBL",
    "check_in": "2027-03-02",
    "check_out": "2027-03-05",
    "room": "201",
    "housekeeping_status": "inspected",
    "assignments": [
        {"room": "201", "start": "2027-03-02", "end": "2027-03-05", "released_at": None}
    ],
}
MOVED = {
    **ASSIGNED,
    "room": "305",
    "housekeeping_status": "clean",
    "assignments": [
        {
            "room": "201",
            "start": "2027-03-02",
            "end": "2027-03-03",
            "released_at": "2027-03-03T09:12:40.114000Z",
        },
        {"room": "305", "start": "2027-03-03", "end": "2027-03-05", "released_at": None},
    ],
}
UNASSIGNED = {
    **ASSIGNED,
    "room": None,
    "housekeeping_status": None,
    "assignments": [
        {
            "room": "201",
            "start": "2027-03-02",
            "end": "2027-03-05",
            "released_at": "2027-02-27T16:40:02.500000Z",
        }
    ],
}
AVAILABLE = {
    "code": "K7M2QX",
    "stay": 12,
    "room_type": "DBL",
    "check_in": "2027-03-02",
    "check_out": "2027-03-05",
    "rooms": [
        {"number": "201", "floor": 2, "housekeeping_status": "inspected", "current": False},
        {"number": "204", "floor": 2, "housekeeping_status": "clean", "current": False},
        {"number": "305", "floor": 3, "housekeeping_status": "dirty", "current": False},
    ],
}


def _error(code: str, message: str, details: dict[str, Any], status: int) -> OpenApiExample:
    return OpenApiExample(
        code,
        value={"error": {"code": code, "message": message, "details": details}},
        response_only=True,
        status_codes=[str(status)],
    )


def _refusals(description: str, *examples: OpenApiExample) -> OpenApiResponse:
    return OpenApiResponse(
        response=ErrorSerializer, description=description, examples=list(examples)
    )


STAY_MISSING = _error(
    VALIDATION_ERROR,
    "Some fields are not valid.",
    {"fields": {"stay": ["This reservation has 2 stays: say which one (12, 13)."]}},
    400,
)
WRONG_TYPE = _error(
    errors.ROOM_TYPE_MISMATCH,
    "Room 101 is a SGL; the stay is a DBL.",
    {"room": "101", "room_type": "SGL", "stay_room_type": "DBL"},
    400,
)
OVERLAP = _error(
    errors.ROOM_OVERLAP_CONFLICT,
    "Room 201 has an overlapping stay.",
    {"room": "201", "conflicting_codes": ["H4TW9P"]},
    409,
)
OUT_OF_ORDER = _error(errors.ROOM_OUT_OF_ORDER, "Room 201 is out of order.", {"room": "201"}, 409)
NOT_ASSIGNABLE = _error(
    errors.STAY_NOT_ASSIGNABLE,
    "The reservation's status holds no room.",
    {"status": "cancelled"},
    409,
)
NOT_ASSIGNED = _error(errors.ROOM_NOT_ASSIGNED, "The stay has no room assigned.", {}, 409)
IN_HOUSE = _error(
    errors.STAY_IN_HOUSE,
    "The guest is in the room: move them (move-room) or check them out.",
    {},
    409,
)
NOT_IN_HOUSE = _error(
    errors.STAY_NOT_IN_HOUSE,
    "Only a checked-in stay is moved; assign a room to the others.",
    {"status": "confirmed"},
    409,
)

ROOM_REFUSALS = (
    "`ROOM_TYPE_MISMATCH` (400) for a room of another type; `ROOM_INACTIVE` or "
    "`ROOM_OUT_OF_ORDER` (409) for a room that cannot be given; `ROOM_OVERLAP_CONFLICT` (409) "
    "when another stay holds the room on one of the nights, `details.conflicting_codes` naming "
    "those reservations (PostgreSQL decides, so two clerks giving one room at once cannot both "
    "succeed). An unknown room number is 400 `VALIDATION_ERROR` on `room`."
)


def _room_change_responses(stay_refusal: str, stay_example: OpenApiExample) -> dict[int, Any]:
    """The answers of a call that gives a stay a room (assign, move)."""
    return {
        200: StayRoomSerializer,
        400: _refusals("A bad body, or a room of another type.", STAY_MISSING, WRONG_TYPE),
        409: _refusals(
            f"The room is taken, out of order or inactive, or {stay_refusal}.",
            OVERLAP,
            OUT_OF_ORDER,
            stay_example,
        ),
        **ERROR_RESPONSES(401, 403, 404),
    }


def _stay(request_stay: int | None, code: str) -> Stay:
    reservation = assignment.reservation_by_code(code=code)
    return assignment.stay_of(reservation=reservation, stay_id=request_stay)


@extend_schema(tags=["reservations"])
class RoomAssignmentViewSet(viewsets.ViewSet):
    """The rooms of a reservation's stays."""

    # JSON bodies only: the bodies are a stay id, a room number and a date, and a form
    # without fields (unassign-room's `{}`) reads as no body at all.
    parser_classes = [JSONParser]
    access = {
        "available_rooms": "reservations.view_reservation",
        "assign_room": "reservations.assign_room",
        "unassign_room": "reservations.assign_room",
        "move_room": "reservations.assign_room",
    }

    def parse(self, serializer_class: type, request: Request, code: str) -> tuple[Any, Stay]:
        """The body, valid, and the stay it names on the reservation `code`."""
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return data, _stay(data.get("stay"), code)

    def answer(self, stay: Stay) -> Response:
        return Response(StayRoomSerializer(stay_rooms(stay)).data)

    @extend_schema(
        operation_id="reservation_available_rooms",
        summary="Rooms free for a stay",
        description=(
            "Rooms of the stay's room type that are active, not out of order and held by no "
            "other stay on its nights (from `date` when given: a move), inspected rooms first, "
            "then clean ones, then the others, each by number. `current` marks the room the "
            "stay holds now. `stay` is needed when the reservation has several stays."
        ),
        parameters=[
            CODE_PARAM,
            OpenApiParameter("stay", int, description="The stay's id (several stays)."),
            OpenApiParameter(
                "date", OpenApiTypes.DATE, description="First night (default: arrival)."
            ),
        ],
        responses={
            200: AvailableRoomsSerializer,
            400: _refusals("No stay named where several exist, or a bad date.", STAY_MISSING),
            **ERROR_RESPONSES(401, 403, 404),
        },
        examples=[OpenApiExample("Three free doubles", value=AVAILABLE, response_only=True)],
    )
    def available_rooms(self, request: Request, code: str) -> Response:
        query = parse_query(AvailableRoomsQuerySerializer, request.query_params)
        stay = _stay(query.get("stay"), code)
        first_night = query.get("date") or stay.check_in
        rooms = list(assignment.available_rooms(stay=stay, start=first_night))
        return Response(AvailableRoomsSerializer(available_answer(stay, first_night, rooms)).data)

    @extend_schema(
        operation_id="reservation_assign_room",
        summary="Give a stay a room",
        description=(
            "For the stay's nights (a guest in house keeps the start of the room they hold). "
            "A room the stay held before is released in the same transaction (kept in "
            "`assignments`); giving the room it holds changes nothing. The reservation must be "
            "pending payment, confirmed or checked in (409 `STAY_NOT_ASSIGNABLE` otherwise). "
            + ROOM_REFUSALS
        ),
        parameters=[CODE_PARAM],
        request=AssignRoomSerializer,
        responses=_room_change_responses("the reservation holds no room", NOT_ASSIGNABLE),
        examples=[
            OpenApiExample("Room 201", value={"room": "201"}, request_only=True),
            OpenApiExample(
                "Room 201 for one of several stays",
                value={"stay": 12, "room": "201"},
                request_only=True,
            ),
            OpenApiExample("Assigned", value=ASSIGNED, response_only=True),
        ],
    )
    def assign_room(self, request: Request, code: str) -> Response:
        data, stay = self.parse(AssignRoomSerializer, request, code)
        room = assignment.room_by_number(number=data["room"])
        assignment.assign_room(stay=stay, room=room, actor=request.user)
        return self.answer(stay)

    @extend_schema(
        operation_id="reservation_unassign_room",
        summary="Take a stay's room back",
        description=(
            "Before arrival: the room is released (kept in `assignments`) and free for others. "
            "409 `ROOM_NOT_ASSIGNED` when the stay holds none, `STAY_IN_HOUSE` once the guest "
            "is checked in (move them instead)."
        ),
        parameters=[CODE_PARAM],
        request=UnassignRoomSerializer,
        responses={
            200: StayRoomSerializer,
            400: _refusals("No stay named where several exist.", STAY_MISSING),
            409: _refusals("Nothing to take back.", NOT_ASSIGNED, IN_HOUSE),
            **ERROR_RESPONSES(401, 403, 404),
        },
        examples=[
            OpenApiExample("The only stay", value={}, request_only=True),
            OpenApiExample("One of several stays", value={"stay": 12}, request_only=True),
            OpenApiExample("Unassigned", value=UNASSIGNED, response_only=True),
        ],
    )
    def unassign_room(self, request: Request, code: str) -> Response:
        _, stay = self.parse(UnassignRoomSerializer, request, code)
        assignment.unassign_room(stay=stay, actor=request.user)
        return self.answer(stay)

    @extend_schema(
        operation_id="reservation_move_room",
        summary="Move a guest in house to another room",
        description=(
            "From the night of `date` (default: today in the hotel's time zone) to the end of "
            "the stay. The current room's assignment ends that morning and is released, kept "
            "in `assignments` (a move on its first night releases it whole); the new one runs "
            "to check-out. 409 `STAY_NOT_IN_HOUSE` unless checked in, `ROOM_NOT_ASSIGNED` when "
            "the stay holds no room; `date` must be a night of the current room (400 "
            "`VALIDATION_ERROR`). " + ROOM_REFUSALS
        ),
        parameters=[CODE_PARAM],
        request=MoveRoomSerializer,
        responses=_room_change_responses("the guest is not in house", NOT_IN_HOUSE),
        examples=[
            OpenApiExample("To room 305 tonight", value={"room": "305"}, request_only=True),
            OpenApiExample(
                "Room 305 from a given night",
                value={"stay": 12, "room": "305", "date": "2027-03-03"},
                request_only=True,
            ),
            OpenApiExample("Moved", value=MOVED, response_only=True),
        ],
    )
    def move_room(self, request: Request, code: str) -> Response:
        data, stay = self.parse(MoveRoomSerializer, request, code)
        room = assignment.room_by_number(number=data["room"])
        on = data.get("date") or hotel_today()
        assignment.move_room(stay=stay, room=room, on=on, actor=request.user)
        return self.answer(stay)
