"""The staff calls that go through the booking services: a phone booking, a rate set by
hand (reason + override_rate permission), a change of dates, confirm and cancel."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.events.models import OutboxEvent
from innkeep.reservations.booking import RoomRequest
from innkeep.reservations.models import Reservation, ReservationEvent, Stay
from tests.accounts.endpoints import hotel_digest
from tests.booking.conftest import d
from tests.reservations.helpers import book, no_drift, sold

pytestmark = pytest.mark.django_db

BODY = {
    "check_in": str(d(1)),
    "check_out": str(d(3)),
    "source": "phone",
    "booker": {
        "first_name": "Ana",
        "last_name": "Ruiz",
        "email": "ana@guest.test",
        "phone": "612 345 678",
    },
    "rooms": [{"room_type": "DBL", "rate_plan": "BAR", "adults": 2}],
}
OVERRIDE = {"price_override": "80.00", "override_reason": "Regular guest"}


def test_a_phone_booking(api_for, hotel_a, make_staff, catalogue):
    desk = make_staff(hotel_a, "front_desk")
    response = api_for(hotel_a).post("/api/v1/reservations/", BODY, format="json", **desk.auth)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["source"], body["created_by"]) == (
        "confirmed",
        "phone",
        desk.user.email,
    )
    assert body["booker"]["phone"] == "+34612345678"
    assert [(s["room_type"], s["rate_plan"], s["adults"]) for s in body["stays"]] == [
        ("DBL", "BAR", 2)
    ]
    with tenant_context(hotel_a.hotel):
        assert sold(catalogue.dbl, d(1), d(2)) == [1, 1]
        assert OutboxEvent.objects.filter(aggregate_id=body["code"]).first().topic == (
            "reservation.created"
        )
        assert no_drift()


def test_a_rate_override_needs_the_permission_and_a_reason(api_for, hotel_a, make_staff, catalogue):
    client = api_for(hotel_a)
    desk, manager = make_staff(hotel_a, "front_desk"), make_staff(hotel_a, "manager")
    priced = {**BODY, "rooms": [{**BODY["rooms"][0], **OVERRIDE}]}
    before = hotel_digest(hotel_a.schema)

    refused = client.post("/api/v1/reservations/", priced, format="json", **desk.auth)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "PERMISSION_DENIED")
    no_reason = {**BODY, "rooms": [{**BODY["rooms"][0], "price_override": "80.00"}]}
    unexplained = client.post("/api/v1/reservations/", no_reason, format="json", **manager.auth)
    assert unexplained.status_code == 400
    assert list(unexplained.json()["error"]["details"]["fields"]) == ["rooms[0].override_reason"]
    assert hotel_digest(hotel_a.schema) == before

    allowed = client.post("/api/v1/reservations/", priced, format="json", **manager.auth)
    assert allowed.status_code == 201, allowed.content
    (stay,) = allowed.json()["stays"]
    assert (stay["subtotal"], stay["rate_override_reason"]) == ("160.00", "Regular guest")


def test_modify_confirm_and_cancel(api_for, hotel_a, make_staff, catalogue):
    desk = make_staff(hotel_a, "front_desk")
    client = api_for(hotel_a)
    with tenant_context(hotel_a.hotel):
        changed = book(check_in=d(5), check_out=d(7), actor=desk.user)
        pending = book(RoomRequest(room_type="DBL", rate_plan="NRF", adults=2), actor="guest")

    longer = client.patch(
        f"/api/v1/reservations/{changed.code}/",
        {"check_out": str(d(8))},
        format="json",
        **desk.auth,
    )
    assert (longer.status_code, longer.json()["check_out"]) == (200, str(d(8)))

    assert pending.status == "pending_payment"
    confirmed = client.post(f"/api/v1/reservations/{pending.code}/confirm/", **desk.auth)
    assert (confirmed.status_code, confirmed.json()["status"]) == (200, "confirmed")
    again = client.post(f"/api/v1/reservations/{pending.code}/confirm/", **desk.auth)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "INVALID_STATUS_TRANSITION")

    cancelled = client.post(
        f"/api/v1/reservations/{changed.code}/cancel/",
        {"reason": "guest"},
        format="json",
        **desk.auth,
    )
    assert cancelled.status_code == 200, cancelled.content
    body = cancelled.json()
    assert (body["status"], body["cancel_reason"], body["cancellation_fee"]) == (
        "cancelled",
        "guest",
        "0.00",  # flexible: free until 2 days before arrival
    )
    with tenant_context(hotel_a.hotel):
        actions = list(
            ReservationEvent.objects.filter(reservation__code=changed.code)
            .order_by("id")
            .values_list("action", "to_status")
        )
        assert actions[-1] == ("status_changed", "cancelled")
        assert sold(catalogue.dbl, d(5), d(6), d(7)) == [0, 0, 0]
        assert Stay.objects.get(reservation__code=changed.code).check_out == d(8)
        assert Reservation.objects.get(code=pending.code).hold_expires_at is None
        assert no_drift()


def test_a_cancel_needs_a_known_reason(api_for, hotel_a, make_staff, catalogue):
    desk = make_staff(hotel_a, "front_desk")
    with tenant_context(hotel_a.hotel):
        booked = book(actor=desk.user)
    before = hotel_digest(hotel_a.schema)
    response = api_for(hotel_a).post(
        f"/api/v1/reservations/{booked.code}/cancel/",
        {"reason": "bored"},
        format="json",
        **desk.auth,
    )
    assert (response.status_code, list(response.json()["error"]["details"]["fields"])) == (
        400,
        ["reason"],
    )
    assert hotel_digest(hotel_a.schema) == before
