"""Answers of the public booking API as the OpenAPI document shows them. A test compares
their shape, key by key, with real answers (tests/booking/test_public_examples.py), so an
integrator's code written against these reads the real thing."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample

from innkeep.properties import api_examples as catalogue_examples
from innkeep.reservations.public_serializers import PublicRoomTypeSerializer

PHOTO = catalogue_examples.PHOTO["url"]


def _room_type(*fields: str) -> dict[str, Any]:
    """The staff example's double room as guests see it: these fields, photos as URLs."""
    staff = catalogue_examples.ROOM_TYPE.value
    return {**{name: staff[name] for name in fields}, "photos": [PHOTO]}


HOTEL: dict[str, Any] = {
    **{
        field: value
        for field, value in catalogue_examples.HOTEL_PROFILE.value.items()
        if field not in ("legal_name", "no_show_cutoff", "updated_at")  # staff only
    },
    "room_types": [_room_type(*(f for f in PublicRoomTypeSerializer.Meta.fields if f != "photos"))],
}


def _nights(*prices: tuple[str, str]) -> list[dict[str, str]]:
    return [{"date": day, "price": price} for day, price in prices]


AVAILABILITY: dict[str, Any] = {
    "check_in": "2027-03-05",
    "check_out": "2027-03-07",
    "nights": 2,
    "adults": 2,
    "children": 0,
    "currency": "EUR",
    "promo_code": None,
    "room_types": [
        {
            **_room_type("code", "name", "description", "max_occupancy"),
            "available": 4,
            "rate_plans": [
                {
                    "code": "BAR",
                    "name": "Best available rate",
                    "meal_plan": "room_only",
                    "cancellation_policy": (
                        "Free cancellation until 2 days before arrival; later, 100% of the stay"
                    ),
                    "guarantee": "none",
                    "bookable": True,
                    "reasons": [],
                    "nightly": _nights(("2027-03-05", "109.00"), ("2027-03-06", "109.00")),
                    "discount": "0.00",
                    "subtotal": "218.00",
                    "taxes": "31.80",
                    "total": "249.80",
                },
                {
                    "code": "NRF",
                    "name": "Non-refundable",
                    "meal_plan": "room_only",
                    "cancellation_policy": "Non-refundable: cancelling costs 100% of the stay",
                    "guarantee": "prepay",
                    "bookable": False,
                    "reasons": [
                        {
                            "code": "MIN_STAY",
                            "message": "Arriving on 2027-03-05, stay at least 3 nights.",
                        }
                    ],
                    "nightly": _nights(("2027-03-05", "93.00"), ("2027-03-06", "93.00")),
                    "discount": "0.00",
                    "subtotal": "186.00",
                    "taxes": "28.60",
                    "total": "214.60",
                },
            ],
        }
    ],
}

# One double room for two adults, as asked for; and what two nights of it with breakfast cost.
ROOM_ASKED: dict[str, Any] = {"room_type": "DBL", "rate_plan": "BAR", "adults": 2, "children": 0}
TOTALS = {"subtotal": "266.00", "taxes": "36.60", "total": "302.60"}

QUOTE_REQUEST: dict[str, Any] = {
    "check_in": "2027-03-01",
    "check_out": "2027-03-04",
    "promo_code": None,
    "rooms": [
        {**ROOM_ASKED, "extras": [{"code": "BRK", "quantity": 1}]},
        {"room_type": "SGL", "rate_plan": "BAR", "adults": 1, "children": 0},
    ],
}

QUOTE: dict[str, Any] = {
    "quote_id": "3f0c9a52-8d1e-4b6f-9c7a-2e5d4b1a0f93",
    "expires_at": "2027-02-20T10:15:00Z",
    "check_in": "2027-03-05",
    "check_out": "2027-03-07",
    "nights": 2,
    "currency": "EUR",
    "promo_code": None,
    "rooms": [
        {
            **ROOM_ASKED,
            "nightly": _nights(("2027-03-05", "109.00"), ("2027-03-06", "109.00")),
            "discount": "0.00",
            "extras": [
                {
                    "code": "BRK",
                    "name": "Breakfast",
                    "pricing": "per_guest_night",
                    "quantity": 1,
                    "unit_price": "12.00",
                    "total": "48.00",
                }
            ],
            **TOTALS,
        }
    ],
    **TOTALS,
}


BOOKING_REQUEST: dict[str, Any] = {
    "quote_id": None,
    "check_in": "2027-03-05",
    "check_out": "2027-03-07",
    "booker": {
        "first_name": "Ana",
        "last_name": "Ruiz",
        "email": "ana@grand.test",
        "phone": "+34 612 345 678",
        "company": "",
    },
    "rooms": [
        {
            **ROOM_ASKED,
            "guest": {"first_name": "Ana", "last_name": "Ruiz", "email": "", "phone": ""},
            "party": [{"first_name": "Luis", "last_name": "Ruiz"}],
            "extras": [{"code": "BRK", "quantity": 1}],
        }
    ],
    "special_requests": "A quiet room, please.",
    "promo_code": "",
}

RESERVATION: dict[str, Any] = {
    "code": "K7M2QX",
    "status": "confirmed",
    "check_in": "2027-03-05",
    "check_out": "2027-03-07",
    "nights": 2,
    "booker": {**BOOKING_REQUEST["booker"], "phone": "+34612345678"},  # as stored
    "rooms": [
        {
            "room_type": "DBL",
            "rate_plan": "BAR",
            "check_in": "2027-03-05",
            "check_out": "2027-03-07",
            "adults": 2,
            "children": 0,
            "guest": {"first_name": "Ana", "last_name": "Ruiz", "email": "", "phone": ""},
            "party": [{"first_name": "Luis", "last_name": "Ruiz", "is_child": False}],
            "extras": [{"code": "BRK", "quantity": 1, "unit_price": "12.00", "total": "48.00"}],
            "nightly": _nights(("2027-03-05", "109.00"), ("2027-03-06", "109.00")),
            "assigned_room": None,
            **TOTALS,
        }
    ],
    "currency": "EUR",
    "promo_code": None,
    "discount": "0.00",
    **TOTALS,
    "special_requests": "A quiet room, please.",
    "hold_expires_at": None,
    "created_at": "2027-02-20T10:02:31.512Z",
}

GUEST_RESERVATION: dict[str, Any] = {
    **RESERVATION,
    "cancellation_fee": "0.00",
    "cancellable": True,
}

GUEST_CANCELLED: dict[str, Any] = {
    "code": "K7M2QX",
    "status": "cancelled",
    "currency": "EUR",
    "cancellation_fee": "0.00",
}


def answer(name: str, value: dict[str, Any], status: str = "200") -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[status])
