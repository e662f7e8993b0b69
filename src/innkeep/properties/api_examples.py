"""What the catalogue API answers, as the OpenAPI document shows it (lists show one item in
their page). tests/accounts/test_api_examples.py compares the shapes with real answers."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

HOTEL_PROFILE = OpenApiExample(
    "Hotel profile",
    value={
        "name": "Demo Hotel",
        "legal_name": "Demo Hoteles S.L.",
        "email": "reception@demo.example",
        "phone": "+34910000000",
        "website": "https://www.demo-hotel.example",
        "address_line1": "Calle Mayor 1",
        "address_line2": "",
        "city": "Madrid",
        "postal_code": "28013",
        "country": "ES",
        "timezone": "Europe/Madrid",
        "currency": "EUR",
        "check_in_time": "15:00",
        "check_out_time": "11:00",
        "no_show_cutoff": "04:00",
        "policies": "Pets welcome on request. No smoking.",
        "languages": ["en", "es"],
        "updated_at": "2027-02-01T09:30:00Z",
    },
    response_only=True,
)

PHOTO = {
    "id": 7,
    "url": "https://demo.innkeep.example/media/hotel_demo/room-types/dbl-1.jpg",
    "caption": "Courtyard view",
    "sort_order": 0,
}
ROOM_TYPE_PHOTO = OpenApiExample("A photo", value=PHOTO, response_only=True)

ROOM_TYPE = OpenApiExample(
    "Double room",
    value={
        "id": 2,
        "code": "DBL",
        "name": "Double Room",
        "description": "Our classic double: 18 m², street or courtyard view.",
        "max_adults": 2,
        "max_children": 0,
        "max_occupancy": 2,
        "bed_setup": "1 double bed",
        "sort_order": 20,
        "active": True,
        "photos": [PHOTO],
        "created_at": "2027-01-10T08:00:00Z",
        "updated_at": "2027-02-01T09:30:00Z",
    },
    response_only=True,
)

ROOM = OpenApiExample(
    "Room 204",
    value={
        "id": 31,
        "number": "204",
        "floor": 2,
        "room_type": "DBL",
        "room_type_name": "Double Room",
        "housekeeping_status": "dirty",
        "active": True,
        "sellable": True,
        "notes": "Window latch sticks.",
        "created_at": "2027-01-10T08:00:00Z",
        "updated_at": "2027-02-01T11:12:00Z",
    },
    response_only=True,
)

EXTRA = OpenApiExample(
    "Breakfast",
    value={
        "id": 1,
        "code": "BRK",
        "name": "Breakfast",
        "description": "Buffet, 7:00 to 10:30.",
        "price": "12.00",
        "currency": "EUR",
        "pricing": "per_guest_night",
        "active": True,
        "sort_order": 10,
    },
    response_only=True,
)
