"""The hotel's public booking API: no sign-in, throttled per client address."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from innkeep.accounts.selectors import is_sign_in_address
from innkeep.core.api import idempotent, parse_query
from innkeep.core.api_schema import ERROR_RESPONSES
from innkeep.core.errors import InnkeepError
from innkeep.core.permissions import PUBLIC
from innkeep.core.renderers import FastJSONRenderer
from innkeep.core.throttling import WindowRateThrottle
from innkeep.inventory.services import HORIZON_DAYS
from innkeep.rates import errors
from innkeep.rates.availability import MAX_NIGHTS, Search, search
from innkeep.rates.catalogue import Catalogue, catalogue
from innkeep.reservations import public_examples
from innkeep.reservations.booking import Booker, reservation_create
from innkeep.reservations.booking import RoomRequest as BookingRoom
from innkeep.reservations.cancel import cancellation_fee, reservation_cancel
from innkeep.reservations.guest_access import reservation_for_guest
from innkeep.reservations.lifecycle import LIFECYCLE
from innkeep.reservations.models import (
    CancelReason,
    Reservation,
    ReservationSource,
    ReservationStatus,
    Stay,
)
from innkeep.reservations.public_serializers import (
    AvailabilityQuerySerializer,
    AvailabilitySerializer,
    GuestCancelledSerializer,
    GuestCancelRequestSerializer,
    GuestEmailQuerySerializer,
    GuestReservationSerializer,
    PublicHotelSerializer,
    PublicReservationSerializer,
    QuoteRequestSerializer,
    QuoteSerializer,
    ReservationRequestSerializer,
    photo_urls,
)
from innkeep.reservations.quotes import quote_create, quote_revalidate, request_from_json
from innkeep.tenancy.models import HotelStatus

GUEST = "guest"  # the actor of the guest's own changes, in the trail


def public_schema(operation_id: str, **schema: Any) -> Any:
    """The schema of a public booking call, under the "public booking" tag."""
    return extend_schema(operation_id=operation_id, tags=["public booking"], **schema)


class BookingClosed(InnkeepError):
    status = 403
    code = errors.BOOKING_CLOSED
    default_message = "This hotel does not take bookings at the moment."


class PublicView(APIView):
    authentication_classes: list[type] = []
    # JSON only: guests' browsers and integrations read JSON, and negotiating a second
    # renderer costs on every request of the busiest endpoints.
    renderer_classes = [FastJSONRenderer]
    throttle_classes = [WindowRateThrottle]
    throttle_scope = "public_booking"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        hotel = getattr(request, "tenant", None)
        if getattr(hotel, "status", None) == HotelStatus.SUSPENDED:
            raise BookingClosed()


def _public_hotel_body(shelf: Catalogue) -> Any:
    """Made once per catalogue version: the profile and active room types with photos."""
    return PublicHotelSerializer(shelf.profile, context={"room_types": shelf.room_types}).data


class PublicHotelView(PublicView):
    access = {"GET": PUBLIC}

    @public_schema(
        "public_hotel",
        summary="The hotel as guests see it, with its room types",
        responses={200: PublicHotelSerializer, **ERROR_RESPONSES(403, 429)},
        examples=[public_examples.answer("A hotel with one room type", public_examples.HOTEL)],
    )
    def get(self, request: Request) -> Response:
        body = catalogue().derived("public-hotel", _public_hotel_body)
        # Asked at each request, not kept with the catalogue: a staff account created
        # since could have this address. Profiles without a contact email ask nothing.
        if is_sign_in_address(email=body["email"]):
            body = {**body, "email": ""}
        return Response(body)


def _fixed_parts(shelf: Catalogue) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    """The parts of an answer that only the catalogue decides, per room type and per rate
    plan: made once per catalogue version (photo URLs and policy texts cost more than the
    prices)."""
    room_types = {
        room_type.id: {
            "code": room_type.code,
            "name": room_type.name,
            "description": room_type.description,
            "max_occupancy": room_type.max_occupancy,
            "photos": photo_urls(room_type),
        }
        for room_type in shelf.room_types
    }
    plans = {
        plan.id: {
            "code": plan.code,
            "name": plan.name,
            "meal_plan": plan.meal_plan,
            "cancellation_policy": (
                plan.cancellation_policy.describe() if plan.cancellation_policy else None
            ),
            "guarantee": plan.guarantee,
        }
        for plan in shelf.plans
    }
    return room_types, plans


def availability_body(result: Search) -> dict[str, Any]:
    """The answer, built straight to JSON types: this is the hot path, and a DRF serializer
    walking thousands of nightly prices costs more than the search itself.
    `AvailabilitySerializer` documents the same shape (a test compares the two). Amounts
    are rounded to cents by the pricing, so their text is "123.45"."""
    room_types, plans = result.calendar.catalogue.derived("public-answer", _fixed_parts)
    return {
        "check_in": result.check_in.isoformat(),
        "check_out": result.check_out.isoformat(),
        "nights": result.nights,
        "adults": result.adults,
        "children": result.children,
        "currency": result.currency,
        "promo_code": result.promo.code if result.promo else None,
        "room_types": [
            {
                **room_types[offer.room_type.id],
                "available": offer.available,
                "rate_plans": [
                    {
                        **plans[plan.rate_plan.id],
                        "bookable": plan.bookable,
                        "reasons": [{"code": r.code, "message": r.message} for r in plan.reasons],
                        "nightly": plan.nightly,
                        "discount": str(plan.discount),
                        "subtotal": str(plan.subtotal),
                        "taxes": str(plan.taxes),
                        "total": str(plan.total),
                    }
                    for plan in offer.plans
                ],
            }
            for offer in result.rooms
        ],
    }


class AvailabilityView(PublicView):
    access = {"GET": PUBLIC}

    @public_schema(
        "public_availability",
        summary="What can be booked for these dates and this party",
        description=(
            "Per room type that takes the party: rooms left and every rate plan with its "
            "nightly prices, discount, taxes and total, its cancellation policy, and why it "
            "is not bookable when it is not (`reasons`). Dates are the hotel's local dates. "
            "Errors: INVALID_DATE_RANGE, DATE_IN_PAST, DATE_TOO_FAR (after the last night on sale, "
            f"{HORIZON_DAYS} days ahead), STAY_TOO_LONG (over {MAX_NIGHTS} nights), "
            "OCCUPANCY_NOT_SUPPORTED, INVALID_PROMO_CODE."
        ),
        parameters=[AvailabilityQuerySerializer],
        responses={200: AvailabilitySerializer, **ERROR_RESPONSES(400, 403, 429)},
        examples=[
            public_examples.answer(
                "Two nights for two adults: one plan bookable, one refused by its minimum stay",
                public_examples.AVAILABILITY,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        data = parse_query(AvailabilityQuerySerializer, request.query_params)
        result = search(
            check_in=data["check_in"],
            check_out=data["check_out"],
            adults=data["adults"],
            children=data["children"],
            promo_code=data.get("promo") or None,
        )
        return Response(availability_body(result))


def quote_body(quote: Any) -> dict[str, Any]:
    return {"quote_id": quote.id, "expires_at": quote.expires_at, **quote.priced}


class QuoteCreateView(PublicView):
    access = {"POST": PUBLIC}

    @public_schema(
        "public_quote_create",
        summary="Price one or more rooms; the quote holds its price for 15 minutes",
        description=(
            "Each room names a room type, a rate plan, its party and extras. The quote is "
            "checked again when it is used; an expired one is 410 QUOTE_EXPIRED, one whose "
            "price or availability changed is 409 QUOTE_STALE. Dates, party and promo code "
            "are refused as by the availability search (INVALID_DATE_RANGE, DATE_IN_PAST, "
            "DATE_TOO_FAR, STAY_TOO_LONG, OCCUPANCY_NOT_SUPPORTED, INVALID_PROMO_CODE)."
        ),
        request=QuoteRequestSerializer,
        responses={201: QuoteSerializer, **ERROR_RESPONSES(400, 403, 409, 429)},
        examples=[
            OpenApiExample("Two rooms", value=public_examples.QUOTE_REQUEST, request_only=True),
            public_examples.answer("One room with breakfast", public_examples.QUOTE, "201"),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = QuoteRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        quote = quote_create(
            check_in=data["check_in"],
            check_out=data["check_out"],
            promo_code=data.get("promo_code") or None,
            rooms=[request_from_json(room) for room in data["rooms"]],
        )
        return Response(QuoteSerializer(quote_body(quote)).data, status=status.HTTP_201_CREATED)


class QuoteDetailView(PublicView):
    access = {"GET": PUBLIC}

    @public_schema(
        "public_quote",
        summary="A quote, checked again: still valid, same price?",
        parameters=[OpenApiParameter("quote_id", str, OpenApiParameter.PATH)],
        responses={200: QuoteSerializer, **ERROR_RESPONSES(404, 409, 429)},
        examples=[public_examples.answer("Still valid", public_examples.QUOTE)],
    )
    def get(self, request: Request, quote_id: str) -> Response:
        quote = quote_revalidate(quote_id=quote_id)
        return Response(QuoteSerializer(quote_body(quote)).data)


# --- bookings ----------------------------------------------------------------------------------


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _stay_body(stay: Stay) -> dict[str, Any]:
    # A stay just booked carries its rows as written (reservation_create): none is read back.
    live = getattr(stay, "live_assignments", None)
    if live is None:
        live = list(stay.assignments.filter(released_at__isnull=True).select_related("room"))
    party = getattr(stay, "written_party", None)
    extras = getattr(stay, "written_extras", None)
    return {
        "room_type": stay.room_type.code,
        "rate_plan": stay.rate_plan.code if stay.rate_plan else None,
        "check_in": stay.check_in,
        "check_out": stay.check_out,
        "adults": stay.adults,
        "children": stay.children,
        "guest": {
            "first_name": stay.guest_first_name,
            "last_name": stay.guest_last_name,
            "email": stay.guest_email,
            "phone": stay.guest_phone,
        },
        "party": [
            {"first_name": m.first_name, "last_name": m.last_name, "is_child": m.is_child}
            for m in (stay.party.all() if party is None else party)
        ],
        "extras": [
            {
                "code": e.extra.code,
                "quantity": e.quantity,
                "unit_price": _money(e.unit_price),
                "total": _money(e.total),
            }
            for e in (stay.extras.all() if extras is None else extras)
        ],
        "nightly": stay.nightly,
        "assigned_room": live[0].room.number if live else None,
        "subtotal": _money(stay.subtotal),
        "taxes": _money(stay.taxes),
        "total": _money(stay.total),
    }


def reservation_body(reservation: Reservation) -> dict[str, Any]:
    stays = getattr(reservation, "written_stays", None) or list(reservation.stays.all())
    check_in = min(stay.check_in for stay in stays)
    check_out = max(stay.check_out for stay in stays)
    return {
        "code": reservation.code,
        "status": reservation.status,
        "check_in": check_in,
        "check_out": check_out,
        "nights": (check_out - check_in).days,
        "booker": {
            "first_name": reservation.booker_first_name,
            "last_name": reservation.booker_last_name,
            "email": reservation.booker_email,
            "phone": reservation.booker_phone,
            "company": reservation.booker_company,
        },
        "rooms": [_stay_body(stay) for stay in stays],
        "currency": reservation.currency,
        "promo_code": reservation.promo_code.code if reservation.promo_code else None,
        "discount": _money(reservation.discount),
        "subtotal": _money(reservation.subtotal),
        "taxes": _money(reservation.taxes),
        "total": _money(reservation.total),
        "special_requests": reservation.special_requests,
        "hold_expires_at": reservation.hold_expires_at,
        "created_at": reservation.created_at,
    }


IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Send one (a UUID) per booking attempt and the same one on every retry: "
    "same key + same body replays the first answer (header Idempotent-Replayed: true); "
    "same key + another body is 422 IDEMPOTENCY_KEY_REUSED; a retry while the first is "
    "still running is 409 IDEMPOTENCY_KEY_IN_PROGRESS.",
)


class ReservationCreateView(PublicView):
    access = {"POST": PUBLIC}

    @public_schema(
        "public_reservation_create",
        summary="Book one or more rooms (all or none)",
        description=(
            "From explicit rooms (priced from the hotel's current rates, inside the booking) "
            "or from a quote of the last 15 minutes (`quote_id`: booked at the quote's "
            "prices; the request must name the same dates, rooms and promo code). Each room "
            "has its party, guest (default: the booker), party members and extras. Answers "
            "the confirmation code and status: `confirmed` when no rate plan asks a "
            "guarantee, else `pending_payment`, with the rooms held until `hold_expires_at` "
            "(15 minutes), after which an unpaid booking is cancelled. Refusals, with "
            "nothing booked: 409 NO_AVAILABILITY (a room is gone), 409 ROOM_NOT_BOOKABLE "
            "(a restriction, `details.reasons`), 409 PROMO_CODE_USED_UP, 400 "
            "VALIDATION_ERROR, INVALID_DATE_RANGE, DATE_IN_PAST, DATE_TOO_FAR, "
            "STAY_TOO_LONG, OCCUPANCY_NOT_SUPPORTED, INVALID_PROMO_CODE, QUOTE_EXPIRED, "
            "QUOTE_MISMATCH; 404 QUOTE_NOT_FOUND."
        ),
        parameters=[IDEMPOTENCY_HEADER],
        request=ReservationRequestSerializer,
        responses={
            201: PublicReservationSerializer,
            **ERROR_RESPONSES(400, 403, 404, 409, 422, 429),
        },
        examples=[
            OpenApiExample(
                "One double room", value=public_examples.BOOKING_REQUEST, request_only=True
            ),
            public_examples.answer("Booked", public_examples.RESERVATION, "201"),
        ],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = ReservationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reservation = reservation_create(
            check_in=data["check_in"],
            check_out=data["check_out"],
            booker=Booker(**data["booker"]),
            rooms=[BookingRoom.from_data(room) for room in data["rooms"]],
            source=ReservationSource.WEB,
            actor=GUEST,
            quote_id=str(data["quote_id"]) if data["quote_id"] else None,
            promo_code=data.get("promo_code") or "",
            special_requests=data["special_requests"],
            language=data["language"],
        )
        # From the rows the booking wrote (reservation_create keeps them with the
        # reservation): reading them back took 5 queries, a fifth of a booking's round trips.
        body = PublicReservationSerializer(reservation_body(reservation)).data
        return Response(body, status=status.HTTP_201_CREATED)


class GuestLookupView(PublicView):
    """Throttled harder than the search: a code and an email are what guards a booking."""

    throttle_scope = "public_reservation_lookup"


CODE_PARAMETER = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="The confirmation code (any case)."
)


class ReservationLookupView(GuestLookupView):
    access = {"GET": PUBLIC}

    @public_schema(
        "public_reservation",
        summary="A booking, for its guest: code and booker's email",
        description=(
            "The booking with the cancellation fee that would apply now "
            "(`cancellation_fee`, under each rate plan's policy). A wrong code and a wrong "
            "email are the same 404 RESERVATION_NOT_FOUND. Throttled per client address."
        ),
        parameters=[CODE_PARAMETER, GuestEmailQuerySerializer],
        responses={200: GuestReservationSerializer, **ERROR_RESPONSES(400, 403, 404, 429)},
        examples=[public_examples.answer("A confirmed booking", public_examples.GUEST_RESERVATION)],
    )
    def get(self, request: Request, code: str) -> Response:
        query = parse_query(GuestEmailQuerySerializer, request.query_params)
        reservation = reservation_for_guest(code=code, email=query["email"])
        cancellable = LIFECYCLE.can(reservation.status, ReservationStatus.CANCELLED)
        fee = cancellation_fee(reservation=reservation)
        body = {
            **reservation_body(reservation),
            "cancellation_fee": _money(fee)
            if cancellable or reservation.status == ReservationStatus.CANCELLED
            else None,
            "cancellable": cancellable,
        }
        return Response(GuestReservationSerializer(body).data)


class ReservationGuestCancelView(GuestLookupView):
    access = {"POST": PUBLIC}

    @public_schema(
        "public_reservation_cancel",
        summary="Cancel a booking, for its guest",
        description=(
            "Cancels under the rate plans' policies and records the fee due now "
            "(`cancellation_fee`; the lookup shows it before). The rooms go back on sale. "
            "A wrong code or email is 404 RESERVATION_NOT_FOUND; a booking that cannot be "
            "cancelled any more (checked in, cancelled) is 409 INVALID_STATUS_TRANSITION."
        ),
        parameters=[CODE_PARAMETER],
        request=GuestCancelRequestSerializer,
        responses={200: GuestCancelledSerializer, **ERROR_RESPONSES(400, 403, 404, 409, 429)},
        examples=[
            OpenApiExample(
                "The booker's email", value={"email": "ana@grand.test"}, request_only=True
            ),
            public_examples.answer("Cancelled", public_examples.GUEST_CANCELLED),
        ],
    )
    def post(self, request: Request, code: str) -> Response:
        serializer = GuestCancelRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reservation = reservation_for_guest(code=code, email=serializer.validated_data["email"])
        cancelled = reservation_cancel(
            reservation=reservation, actor=GUEST, reason=CancelReason.GUEST
        )
        body = {
            "code": cancelled.code,
            "status": cancelled.status,
            "currency": cancelled.currency,
            "cancellation_fee": _money(cancelled.cancellation_fee),
        }
        return Response(GuestCancelledSerializer(body).data)
