"""What the rates API answers, as the OpenAPI document shows it (lists show one item in
their page). tests/accounts/test_api_examples.py compares the shapes with real answers."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

FLEXIBLE = "Free cancellation until 2 days before arrival; later, 100% of the stay"

RATE_PLAN = OpenApiExample(
    "Best available rate",
    value={
        "id": 1,
        "code": "BAR",
        "name": "Best available rate",
        "description": "Our flexible rate.",
        "room_types": ["SGL", "DBL", "TWN"],
        "meal_plan": "room_only",
        "cancellation_policy": 1,
        "cancellation_policy_text": FLEXIBLE,
        "guarantee": "deposit",
        "deposit_percent": "30.00",
        "active": True,
        "sort_order": 0,
    },
    response_only=True,
)

CANCELLATION_POLICY = OpenApiExample(
    "Flexible",
    value={
        "id": 1,
        "name": "Flexible",
        "free_until_days": 2,
        "fee_kind": "percent",
        "fee_percent": "100.00",
        "description": FLEXIBLE,
    },
    response_only=True,
)

TAX_RULE = OpenApiExample(
    "City tax",
    value={
        "id": 2,
        "name": "City tax",
        "kind": "per_person_night",
        "amount": "2.50",
        "currency": "EUR",
        "applies_to_children": False,
        "active": True,
    },
    response_only=True,
)

PROMO_CODE = OpenApiExample(
    "Welcome offer",
    value={
        "id": 1,
        "code": "WELCOME10",
        "kind": "percent",
        "value": "10.00",
        "currency": "EUR",
        "valid_from": "2027-01-01",
        "valid_to": "2027-06-30",
        "usage_limit": 500,
        "times_used": 37,
        "rate_plans": ["BAR", "BB"],
        "active": True,
    },
    response_only=True,
)

DAILY_RATE = OpenApiExample(
    "A night's price",
    value={
        "rate_plan": "BAR",
        "room_type": "DBL",
        "date": "2027-03-05",
        "price": "109.00",
        "currency": "EUR",
    },
    response_only=True,
)

RESTRICTION = OpenApiExample(
    "Minimum stay on a Saturday arrival",
    value={
        "room_type": "DBL",
        "rate_plan": None,
        "date": "2027-07-03",
        "min_stay": 2,
        "max_stay": None,
        "closed": False,
        "closed_to_arrival": False,
        "closed_to_departure": False,
    },
    response_only=True,
)
