"""The hotel's public booking API: no sign-in, throttled per client address."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from innkeep.accounts.selectors import is_sign_in_address
from innkeep.core.api import parse_query
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
from innkeep.reservations.public_serializers import (
    AvailabilityQuerySerializer,
    AvailabilitySerializer,
    PublicHotelSerializer,
    QuoteRequestSerializer,
    QuoteSerializer,
    photo_urls,
)
from innkeep.reservations.quotes import (
    ExtraRequest,
    RoomRequest,
    quote_create,
    quote_revalidate,
)
from innkeep.tenancy.models import HotelStatus


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

    @extend_schema(
        operation_id="public_hotel",
        summary="The hotel as guests see it, with its room types",
        responses={200: PublicHotelSerializer, **ERROR_RESPONSES(403, 429)},
        examples=[public_examples.answer("A hotel with one room type", public_examples.HOTEL)],
        tags=["public booking"],
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

    @extend_schema(
        operation_id="public_availability",
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
        tags=["public booking"],
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

    @extend_schema(
        operation_id="public_quote_create",
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
            OpenApiExample(
                "Two rooms",
                value={
                    "check_in": "2027-03-01",
                    "check_out": "2027-03-04",
                    "promo_code": None,
                    "rooms": [
                        {
                            "room_type": "DBL",
                            "rate_plan": "BAR",
                            "adults": 2,
                            "children": 0,
                            "extras": [{"code": "BRK", "quantity": 1}],
                        },
                        {"room_type": "SGL", "rate_plan": "BAR", "adults": 1, "children": 0},
                    ],
                },
                request_only=True,
            ),
            public_examples.answer("One room with breakfast", public_examples.QUOTE, "201"),
        ],
        tags=["public booking"],
    )
    def post(self, request: Request) -> Response:
        serializer = QuoteRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        quote = quote_create(
            check_in=data["check_in"],
            check_out=data["check_out"],
            promo_code=data.get("promo_code") or None,
            rooms=[
                RoomRequest(
                    room_type=room["room_type"],
                    rate_plan=room["rate_plan"],
                    adults=room["adults"],
                    children=room["children"],
                    extras=[
                        ExtraRequest(code=e["code"], quantity=e["quantity"]) for e in room["extras"]
                    ],
                )
                for room in data["rooms"]
            ],
        )
        return Response(QuoteSerializer(quote_body(quote)).data, status=status.HTTP_201_CREATED)


class QuoteDetailView(PublicView):
    access = {"GET": PUBLIC}

    @extend_schema(
        operation_id="public_quote",
        summary="A quote, checked again: still valid, same price?",
        parameters=[OpenApiParameter("quote_id", str, OpenApiParameter.PATH)],
        responses={200: QuoteSerializer, **ERROR_RESPONSES(404, 409, 429)},
        examples=[public_examples.answer("Still valid", public_examples.QUOTE)],
        tags=["public booking"],
    )
    def get(self, request: Request, quote_id: str) -> Response:
        quote = quote_revalidate(quote_id=quote_id)
        return Response(QuoteSerializer(quote_body(quote)).data)
