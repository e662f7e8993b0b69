"""OpenAPI examples of the staff reservations API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample

from innkeep.reservations.public_examples import ROOM_ASKED

BOOKER = {
    "first_name": "Ana",
    "last_name": "Ruiz",
    "email": "ana@example.com",
    "phone": "+34612345678",
    "company": "",
}
LIST_ITEM: dict[str, Any] = {
    "code": "K7M2QX",
    "status": "confirmed",
    "source": "phone",
    "check_in": "2027-03-01",
    "check_out": "2027-03-04",
    "booker": BOOKER,
    "rooms": ["201"],
    "currency": "EUR",
    "total": "330.00",
    "created_at": "2027-02-10T09:30:00+01:00",
}
STAY: dict[str, Any] = {
    "id": 41,
    "room_type": "DBL",
    "rate_plan": "BAR",
    "check_in": "2027-03-01",
    "check_out": "2027-03-04",
    "adults": 2,
    "children": 0,
    "guest": {
        "first_name": "Luis",
        "last_name": "Ruiz",
        "email": "luis@example.com",
        "phone": "",
    },
    "assigned_room": "201",
    "rooms": [{"room": "201", "start": "2027-03-01", "end": "2027-03-04"}],
    "party": [{"id": 9, "stay": 41, "first_name": "Eva", "last_name": "Ruiz", "is_child": False}],
    "extras": [
        {"code": "BRK", "name": "Breakfast", "quantity": 2, "unit_price": "12.00", "total": "72.00"}
    ],
    "nightly": [
        {"date": "2027-03-01", "price": "100.00"},
        {"date": "2027-03-02", "price": "100.00"},
        {"date": "2027-03-03", "price": "100.00"},
    ],
    "subtotal": "300.00",
    "taxes": "30.00",
    "total": "330.00",
    "rate_override_reason": "",
    "checked_in_at": None,
    "checked_out_at": None,
}
DETAIL: dict[str, Any] = {
    **LIST_ITEM,
    "stays": [STAY],
    "subtotal": "300.00",
    "taxes": "30.00",
    "discount": "0.00",
    "promo_code": None,
    "special_requests": "Late arrival, about 22:00.",
    "language": "es",
    "hold_expires_at": None,
    "cancellation_fee": None,
    "cancel_reason": "",
    "cancelled_at": None,
    "created_by": "desk@grand.example",
    "updated_at": "2027-02-10T09:30:00+01:00",
}

RESERVATION_LIST = OpenApiExample(
    "A page of reservations",
    value=LIST_ITEM,  # drf-spectacular puts a list's example in its page
    response_only=True,
)
RESERVATION = OpenApiExample("A reservation", value=DETAIL, response_only=True)
CHECKED_IN = OpenApiExample(
    "Checked in, the room not yet clean",
    value={
        **DETAIL,
        "status": "checked_in",
        "stays": [{**STAY, "checked_in_at": "2027-03-01T15:10:00+01:00"}],
        "warnings": [
            {
                "code": "ROOM_NOT_CLEAN",
                "message": "Room 201 is Dirty.",
                "details": {"room": "201", "housekeeping_status": "dirty"},
            }
        ],
    },
    response_only=True,
)


def released(name: str, status: str, stay: dict[str, Any] | None = None, **more: Any) -> Any:
    """The reservation once its rooms were released: no room tonight, none on its stay."""
    value = {
        **DETAIL,
        "status": status,
        "rooms": [],
        "stays": [{**STAY, "assigned_room": None, "rooms": [], **(stay or {})}],
        **more,
    }
    return OpenApiExample(name, value=value, response_only=True)


def asked(name: str, value: dict[str, Any]) -> Any:
    """A request body."""
    return OpenApiExample(name, value=value, request_only=True)


CHECKED_OUT = released(
    "Checked out",
    "checked_out",
    {"checked_in_at": "2027-03-01T15:10:00+01:00", "checked_out_at": "2027-03-04T10:40:00+01:00"},
)
NO_SHOW = released("Marked a no-show", "no_show")
EVENTS = OpenApiExample(
    "A trail row",
    value={
        "id": 1,
        "action": "status_changed",
        "from_status": "confirmed",
        "to_status": "checked_in",
        "actor": {"id": 3, "email": "desk@grand.example", "label": ""},
        "details": {"rooms": ["201"]},
        "created_at": "2027-03-01T15:10:00+01:00",
    },
    response_only=True,
)
PARTY_MEMBER_IN = asked(
    "A second adult", {"stay": 41, "first_name": "Eva", "last_name": "Ruiz", "is_child": False}
)
PARTY_MEMBER = OpenApiExample(
    "Added",
    value={"id": 9, "stay": 41, "first_name": "Eva", "last_name": "Ruiz", "is_child": False},
    response_only=True,
)
CREATE = asked(
    "A phone booking, one room priced by hand",
    {
        "check_in": "2027-03-01",
        "check_out": "2027-03-04",
        "source": "phone",
        "booker": {**BOOKER, "phone": "612 345 678"},  # as typed
        "rooms": [
            {
                **ROOM_ASKED,
                "guest": {"first_name": "Luis", "last_name": "Ruiz"},
                "party": [{"first_name": "Eva", "last_name": "Ruiz"}],
                "extras": [{"code": "BRK", "quantity": 2}],
                "price_override": "90.00",
                "override_reason": "Returning guest, manager's rate",
            }
        ],
        "special_requests": "Late arrival, about 22:00.",
        "promo_code": "",
    },
)
MODIFY = asked("One more night", {"stay": 41, "check_out": "2027-03-05"})
CANCEL = asked("The guest cancels by phone", {"reason": "guest", "note": "Flight cancelled."})
CANCELLED = released(
    "Cancelled, with the fee due",
    "cancelled",
    cancellation_fee="100.00",
    cancel_reason="guest",
    cancelled_at="2027-02-28T18:00:00+01:00",
)
