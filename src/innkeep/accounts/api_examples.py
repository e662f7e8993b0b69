"""What the sign-in and staff API answers, as the OpenAPI document shows it (lists show one
item in their page). tests/accounts/test_api_examples.py compares the shapes with real
answers."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

TOKEN_PAIR = OpenApiExample(
    "Tokens",
    value={
        "access": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.x1",
        "refresh": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.x2",
    },
    response_only=True,
)

ACCEPTED = OpenApiExample(
    "Accepted",
    value={"detail": "Verification link sent."},
    response_only=True,
    status_codes=["200", "202"],
)

ME = OpenApiExample(
    "A front desk clerk",
    value={
        "id": 12,
        "email": "lucia@demo.example",
        "first_name": "Lucía",
        "last_name": "Martín",
        "phone": "+34600000000",
        "role": "front_desk",
        "email_verified": True,
        "last_login": "2027-02-01T07:58:00Z",
        "date_joined": "2027-01-10T08:00:00Z",
        "permissions": [
            "inventory.view_inventoryday",
            "properties.set_housekeeping_status",
            "properties.view_room",
            "properties.view_roomtype",
            "rates.view_dailyrate",
            "rates.view_rateplan",
        ],
        "hotel": {"name": "Demo Hotel", "subdomain": "demo"},
    },
    response_only=True,
)

STAFF = OpenApiExample(
    "A manager",
    value={
        "id": 3,
        "email": "marta@demo.example",
        "first_name": "Marta",
        "last_name": "Gil",
        "phone": "",
        "role": "manager",
        "is_active": True,
        "email_verified": True,
        "locked": False,
        "failed_login_count": 0,
        "last_login": "2027-02-01T08:30:00Z",
        "date_joined": "2027-01-10T08:00:00Z",
    },
    response_only=True,
)

INVITATION = OpenApiExample(
    "A pending invitation",
    value={
        "id": 4,
        "email": "new.hire@demo.example",
        "role": "housekeeping",
        "status": "pending",
        "invited_by": "marta@demo.example",
        "expires_at": "2027-02-08T09:00:00Z",
        "created_at": "2027-02-01T09:00:00Z",
    },
    response_only=True,
)

LOGIN_ATTEMPT = OpenApiExample(
    "A refused sign-in",
    value={
        "id": 981,
        "email": "marta@demo.example",
        "user": 3,
        "ip_address": "203.0.113.7",
        "channel": "api",
        "succeeded": False,
        "reason": "bad_credentials",
        "created_at": "2027-02-01T08:29:41Z",
    },
    response_only=True,
)
