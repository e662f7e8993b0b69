"""What the inventory API answers, as the OpenAPI document shows it (the list shows one
night in its page). tests/accounts/test_api_examples.py compares it with a real answer."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

INVENTORY_DAY = OpenApiExample(
    "A night of doubles",
    value={
        "room_type": "DBL",
        "date": "2027-03-05",
        "total": 18,
        "sold": 11,
        "blocked": 2,
        "free": 5,
    },
    response_only=True,
)
