"""Staff API of reservations: the list (filters in reservations/filters.py), one
reservation by confirmation code, its trail, the front desk's lists for today, and the
front desk's actions (check-in, check-out, no-show, party). Views parse, call one service
or selector, and answer; the rules live in reservations/front_desk.py."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from innkeep.core.api import idempotent
from innkeep.core.api_schema import ERROR_RESPONSES, ErrorSerializer
from innkeep.core.errors import IDEMPOTENCY_KEY_IN_PROGRESS, INVALID_STATUS_TRANSITION
from innkeep.properties.selectors import hotel_today
from innkeep.reservations import api_examples, errors, front_desk, selectors
from innkeep.reservations.booking import (
    Booker,
    Guest,
    PartyRequest,
    RoomRequest,
    reservation_create,
)
from innkeep.reservations.cancel import reservation_cancel
from innkeep.reservations.filters import OPENAPI_PARAMETERS, ReservationFilters
from innkeep.reservations.holds import reservation_confirm
from innkeep.reservations.models import Reservation, ReservationEvent
from innkeep.reservations.modify import reservation_modify
from innkeep.reservations.quotes import ExtraRequest
from innkeep.reservations.serializers import (
    CheckInSerializer,
    PartyMemberInputSerializer,
    ReservationCancelSerializer,
    ReservationCreateSerializer,
    ReservationEventSerializer,
    ReservationListSerializer,
    ReservationModifySerializer,
    ReservationSerializer,
    StaffPartyMemberSerializer,
)

VIEW = "reservations.view_reservation"
CHANGE = "reservations.change_reservation"
CHECK_IN_OUT = "reservations.check_in_out"
# A confirmation code as typed (any case); the lookup upper-cases it.
CODE_PATTERN = "[A-Za-z0-9]{1,16}"


def conflicts(*codes: str) -> dict[int, OpenApiResponse]:
    """A 409 documented with one example per code the operation may answer."""
    return {
        409: OpenApiResponse(
            response=ErrorSerializer,
            description="Refused in the reservation's current state: " + ", ".join(codes) + ".",
            examples=[
                OpenApiExample(
                    code,
                    value={"error": {"code": code, "message": "Refused.", "details": {}}},
                    response_only=True,
                    status_codes=["409"],
                )
                for code in codes
            ],
        )
    }


class TodayContext:
    """Answers show each stay's room for tonight: the hotel's today, read once a request
    (none while the OpenAPI document is built, outside any hotel)."""

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]
        if getattr(self, "swagger_fake_view", False):
            return context
        return {**context, "today": hotel_today()}


class BookingCalls:
    """The calls that go through the booking services (reservations/booking.py, modify.py,
    holds.py, cancel.py), mixed into ReservationViewSet."""

    @extend_schema(
        summary="Take a booking (phone, walk-in)",
        description=(
            "All rooms or none; priced from the database (or at a valid quote's prices with "
            "`quote_id`). `source`: phone (default), walk_in or staff. A room's "
            "`price_override` (every night's price by hand) needs an `override_reason` (400) "
            "and the reservations.override_rate permission (403 PERMISSION_DENIED without "
            "it); it is recorded in the trail. Status confirmed, or pending_payment with a "
            "15-minute hold when the rate plan asks a guarantee. Honours `Idempotency-Key`."
        ),
        request=ReservationCreateSerializer,
        responses={
            201: ReservationSerializer,
            **ERROR_RESPONSES(400, 401, 403, 404, 422),
            **conflicts(
                "NO_AVAILABILITY",
                "ROOM_NOT_BOOKABLE",
                errors.PROMO_CODE_USED_UP,
                IDEMPOTENCY_KEY_IN_PROGRESS,
            ),
        },
        examples=[api_examples.CREATE, api_examples.RESERVATION],
    )
    @idempotent
    def create(self, request: Request) -> Response:
        body = ReservationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        rooms = [room_request(room) for room in data["rooms"]]
        if any(room.price_override is not None for room in rooms) and not request.user.has_perm(
            "reservations.override_rate"
        ):
            raise PermissionDenied("Pricing a stay by hand needs the override_rate permission.")
        reservation = reservation_create(
            check_in=data["check_in"],
            check_out=data["check_out"],
            booker=Booker(**data["booker"]),
            rooms=rooms,
            source=data["source"],
            actor=request.user,
            quote_id=str(data["quote_id"]) if data.get("quote_id") else None,
            promo_code=data.get("promo_code") or "",
            special_requests=data["special_requests"],
            language=data["language"],
        )
        answer = self.answer(reservation)  # type: ignore[attr-defined]
        answer.status_code = status.HTTP_201_CREATED
        return answer

    @extend_schema(
        summary="Change dates, room type or occupancy",
        description=(
            "Of one stay (`stay`; may be left out when there is one). Re-priced; the new "
            "nights are held before the old ones are released, in one transaction: a refusal "
            "(409 NO_AVAILABILITY...) leaves everything as it was. Only pending_payment and "
            "confirmed reservations (409 RESERVATION_NOT_MODIFIABLE). A stay priced by hand "
            "keeps its nightly price through new dates or party; another room type needs "
            "`price_override` + `override_reason` or `reprice` (409 "
            "RATE_OVERRIDE_DECISION_NEEDED); both need the reservations.override_rate "
            "permission (403 PERMISSION_DENIED). The trail's `details.rate` says which."
        ),
        request=ReservationModifySerializer,
        responses={
            200: ReservationSerializer,
            **ERROR_RESPONSES(400, 401, 403, 404),
            **conflicts(
                "NO_AVAILABILITY",
                "ROOM_NOT_BOOKABLE",
                errors.RESERVATION_NOT_MODIFIABLE,
                errors.RATE_OVERRIDE_DECISION_NEEDED,
            ),
        },
        examples=[api_examples.MODIFY, api_examples.RESERVATION],
    )
    def partial_update(self, request: Request, code: str) -> Response:
        reservation = self.get_object()  # type: ignore[attr-defined]
        body = ReservationModifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changes = dict(body.validated_data)
        if (
            changes.get("price_override") is not None or changes["reprice"]
        ) and not request.user.has_perm("reservations.override_rate"):
            raise PermissionDenied("Pricing a stay by hand needs the override_rate permission.")
        changed = reservation_modify(
            reservation=reservation,
            actor=request.user,
            stay_id=changes.pop("stay", None),
            **changes,
        )
        return self.answer(changed)  # type: ignore[attr-defined,no-any-return]

    @extend_schema(
        summary="Confirm a pending booking",
        description=(
            "pending_payment -> confirmed (the guarantee was taken); the hold ends. From any "
            "other status 409 INVALID_STATUS_TRANSITION. No body."
        ),
        request=None,
        responses={
            200: ReservationSerializer,
            **ERROR_RESPONSES(401, 403, 404),
            **conflicts(INVALID_STATUS_TRANSITION),
        },
        examples=[api_examples.RESERVATION],
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, code: str) -> Response:
        reservation = reservation_confirm(
            reservation=self.get_object(),  # type: ignore[attr-defined]
            actor=request.user,
        )
        return self.answer(reservation)  # type: ignore[attr-defined,no-any-return]

    @extend_schema(
        summary="Cancel",
        description=(
            "`reason`: guest, hotel or other. The nights go back on sale, the rooms are "
            "freed, and the fee the rate plan's policy asks now is recorded "
            "(`cancellation_fee`). Pending, confirmed only (else 409 "
            "INVALID_STATUS_TRANSITION)."
        ),
        request=ReservationCancelSerializer,
        responses={
            200: ReservationSerializer,
            **ERROR_RESPONSES(400, 401, 403, 404),
            **conflicts(INVALID_STATUS_TRANSITION),
        },
        examples=[api_examples.CANCEL, api_examples.CANCELLED],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, code: str) -> Response:
        reservation = self.get_object()  # type: ignore[attr-defined]
        body = ReservationCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cancelled = reservation_cancel(
            reservation=reservation, actor=request.user, **body.validated_data
        )
        return self.answer(cancelled)  # type: ignore[attr-defined,no-any-return]


def room_request(room: dict[str, Any]) -> RoomRequest:
    guest = room.get("guest")
    return RoomRequest(
        room_type=room["room_type"],
        rate_plan=room["rate_plan"],
        adults=room["adults"],
        children=room["children"],
        guest=Guest(**guest) if guest else None,
        party=[PartyRequest(**member) for member in room.get("party", [])],
        extras=[ExtraRequest(**extra) for extra in room.get("extras", [])],
        price_override=room.get("price_override"),
        override_reason=room["override_reason"],
    )


@extend_schema(tags=["reservations"])
class ReservationViewSet(BookingCalls, TodayContext, viewsets.GenericViewSet):  # type: ignore[misc]
    """Reservations, by confirmation code."""

    lookup_field = "code"
    lookup_value_regex = CODE_PATTERN
    serializer_class = ReservationSerializer
    access = {
        "list": VIEW,
        "retrieve": VIEW,
        "check_in": CHECK_IN_OUT,
        "check_out": CHECK_IN_OUT,
        "no_show": CHECK_IN_OUT,
        "party": CHANGE,
        "party_member": CHANGE,
        "create": "reservations.add_reservation",
        "partial_update": CHANGE,
        "confirm": CHANGE,
        "cancel": "reservations.cancel_reservation",
    }
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Reservation]:
        return selectors.reservations_query()

    def get_object(self) -> Reservation:
        return selectors.reservation_by_code(self.kwargs["code"])

    def answer(self, reservation: Reservation, **context: Any) -> Response:
        fresh = selectors.reservation_by_code(reservation.code)
        serializer_class = CheckInSerializer if "warnings" in context else ReservationSerializer
        return Response(
            serializer_class(fresh, context={**self.get_serializer_context(), **context}).data
        )

    @extend_schema(
        summary="List reservations",
        description=(
            "Filter by status, arrival and departure ranges, a night in house, room type, rate "
            "plan, source, and search (`q`) by name, email, phone or code. `check_in` is the "
            "first night of the reservation's rooms, `check_out` the last departure; `rooms` "
            "the room numbers assigned for tonight (or next). A filter value that is not valid "
            "is 400 VALIDATION_ERROR naming the parameter in `details.fields`."
        ),
        parameters=OPENAPI_PARAMETERS,
        responses={
            200: ReservationListSerializer(many=True),
            **ERROR_RESPONSES(400, 401, 403),
        },
        examples=[api_examples.RESERVATION_LIST],
    )
    def list(self, request: Request) -> Response:
        filters = ReservationFilters.from_query(request.query_params)
        page = self.paginate_queryset(filters.apply(self.get_queryset()))
        serializer = ReservationListSerializer(
            page, many=True, context=self.get_serializer_context()
        )
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        summary="One reservation",
        description=(
            "By confirmation code (any case). Each stay with its room for tonight "
            "(`assigned_room`, from the live room assignments), party, extras, nightly prices "
            "and totals; cancellation fields when cancelled. Another hotel's code is 404, the "
            "same as a code that does not exist."
        ),
        responses={200: ReservationSerializer, **ERROR_RESPONSES(401, 403, 404)},
        examples=[api_examples.RESERVATION],
    )
    def retrieve(self, request: Request, code: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Check the guests in",
        description=(
            "From the arrival date until the departure date (hotel-local), else 409 "
            "CHECK_IN_NOT_DUE. Every stay needs a room assigned (409 ROOM_NOT_ASSIGNED, "
            "`details.stays`). A room that is not clean or inspected does not stop it: the "
            "answer lists it in `warnings` (code ROOM_NOT_CLEAN). Only a confirmed "
            "reservation checks in (else 409 INVALID_STATUS_TRANSITION). No body."
        ),
        request=None,
        responses={
            200: CheckInSerializer,
            **ERROR_RESPONSES(401, 403, 404),
            **conflicts(
                INVALID_STATUS_TRANSITION, errors.ROOM_NOT_ASSIGNED, errors.CHECK_IN_NOT_DUE
            ),
        },
        examples=[api_examples.CHECKED_IN],
    )
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, code: str) -> Response:
        done = front_desk.reservation_check_in(reservation=self.get_object(), actor=request.user)
        return self.answer(done.reservation, warnings=done.warnings)

    @extend_schema(
        summary="Check the guests out",
        description=(
            "Their rooms become dirty and are released; before the departure date the room "
            "assignment ends today (an early departure). Only a checked-in reservation "
            "(else 409 INVALID_STATUS_TRANSITION). No body."
        ),
        request=None,
        responses={
            200: ReservationSerializer,
            **ERROR_RESPONSES(401, 403, 404),
            **conflicts(INVALID_STATUS_TRANSITION),
        },
        examples=[api_examples.CHECKED_OUT],
    )
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request: Request, code: str) -> Response:
        reservation = front_desk.reservation_check_out(
            reservation=self.get_object(), actor=request.user
        )
        return self.answer(reservation)

    @extend_schema(
        summary="Mark a no-show",
        description=(
            "The guest never came: a confirmed reservation, only after its arrival date "
            "(hotel-local; else 409 NO_SHOW_TOO_EARLY). Its nights go back on sale and its "
            "rooms are released. The nightly run does the same after the hotel's "
            "`no_show_cutoff`. No body."
        ),
        request=None,
        responses={
            200: ReservationSerializer,
            **ERROR_RESPONSES(401, 403, 404),
            **conflicts(INVALID_STATUS_TRANSITION, errors.NO_SHOW_TOO_EARLY),
        },
        examples=[api_examples.NO_SHOW],
    )
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request: Request, code: str) -> Response:
        reservation = front_desk.reservation_no_show(
            reservation=self.get_object(), actor=request.user
        )
        return self.answer(reservation)

    @extend_schema(
        summary="Add someone to a room's party",
        description=(
            "`stay` names the room (may be left out when there is one). The party fits the "
            "stay's occupancy, its guest being one of the adults: a stay of 2 adults and 1 "
            "child takes one more adult and one child (else 409 PARTY_FULL). Refused on a "
            "cancelled, no-show or checked-out reservation (409 RESERVATION_CLOSED). "
            "Recorded in the trail."
        ),
        request=PartyMemberInputSerializer,
        responses={
            201: StaffPartyMemberSerializer,
            **ERROR_RESPONSES(400, 401, 403, 404),
            **conflicts(errors.PARTY_FULL, errors.RESERVATION_CLOSED),
        },
        examples=[api_examples.PARTY_MEMBER_IN, api_examples.PARTY_MEMBER],
    )
    @action(detail=True, methods=["post"])
    def party(self, request: Request, code: str) -> Response:
        reservation = self.get_object()
        body = PartyMemberInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        member = front_desk.party_member_add(
            reservation=reservation, actor=request.user, stay_id=data.pop("stay", None), **data
        )
        return Response(StaffPartyMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove someone from a room's party",
        description="Recorded in the trail. 409 RESERVATION_CLOSED on a closed reservation.",
        request=None,
        responses={
            204: None,
            **ERROR_RESPONSES(401, 403, 404),
            **conflicts(errors.RESERVATION_CLOSED),
        },
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path="party/(?P<member_id>[0-9]{1,18})",
        url_name="party-member",
    )
    def party_member(self, request: Request, code: str, member_id: str) -> Response:
        front_desk.party_member_remove(
            reservation=self.get_object(), actor=request.user, member_id=int(member_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class FrontDeskList(TodayContext, ListAPIView):  # type: ignore[misc]
    """One of the front desk's lists for the hotel's today (its own time zone)."""

    serializer_class = ReservationListSerializer
    access = {"GET": VIEW}

    def reservations(self) -> QuerySet[Reservation]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Reservation]:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI document: no hotel
            return Reservation.objects.none()
        return self.reservations()


def _front_desk_schema(summary: str, description: str) -> Any:
    return extend_schema(
        tags=["front desk"],
        summary=summary,
        description=description
        + " Today is the hotel's local date. Sorted by booker's last name. Paginated.",
        responses={
            200: ReservationListSerializer(many=True),
            **ERROR_RESPONSES(400, 401, 403),
        },
        examples=[api_examples.RESERVATION_LIST],
    )


@_front_desk_schema(
    "Arrivals today",
    "Reservations with a room arriving today: pending payment, confirmed, and those "
    "already checked in.",
)
class ArrivalsView(FrontDeskList):
    def reservations(self) -> QuerySet[Reservation]:
        return selectors.arrivals_on(hotel_today())


@_front_desk_schema(
    "Departures today",
    "Reservations with a room leaving today: still in house (checked in) or already checked out.",
)
class DeparturesView(FrontDeskList):
    def reservations(self) -> QuerySet[Reservation]:
        return selectors.departures_on(hotel_today())


@_front_desk_schema("In house now", "Every checked-in reservation (overstays included).")
class InHouseView(FrontDeskList):
    def reservations(self) -> QuerySet[Reservation]:
        return selectors.in_house()


@extend_schema(
    tags=["reservations"],
    summary="The reservation's trail",
    description=(
        "Every change, oldest first: status moves (`from_status`, `to_status`), rooms "
        "assigned and released, party changes; who did it (`actor`: a staff member, or a "
        "`label` such as guest or system). Paginated."
    ),
    responses={
        200: ReservationEventSerializer(many=True),
        **ERROR_RESPONSES(400, 401, 403, 404),
    },
    examples=[api_examples.EVENTS],
)
class ReservationEventsView(ListAPIView):  # type: ignore[misc]
    serializer_class = ReservationEventSerializer
    access = {"GET": VIEW}

    def get_queryset(self) -> QuerySet[ReservationEvent]:
        if getattr(self, "swagger_fake_view", False):
            return ReservationEvent.objects.none()
        reservation = selectors.reservation_by_code(self.kwargs["code"])
        return selectors.reservation_events(reservation=reservation)
