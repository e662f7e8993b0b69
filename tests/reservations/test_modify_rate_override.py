"""A stay priced by hand (a rate override) through a change: new dates or party keep the
deal's nightly price; a new room type asks for a decision (409 RATE_OVERRIDE_DECISION_NEEDED)
until the change sets a new price by hand or re-prices at today's rates; the trail says
which, and the API asks the override_rate permission for both."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.core.errors import InnkeepError
from innkeep.reservations.booking import RoomRequest
from innkeep.reservations.models import Reservation, ReservationEvent
from innkeep.reservations.modify import reservation_modify
from tests.accounts.endpoints import hotel_digest
from tests.booking.conftest import d
from tests.reservations.helpers import book, no_drift, sold

pytestmark = pytest.mark.django_db

DEAL = RoomRequest(
    room_type="DBL",
    rate_plan="BAR",
    adults=2,
    price_override=Decimal("80.00"),
    override_reason="Regular guest",
)


def hand_priced(check_in=None, check_out=None) -> Reservation:  # type: ignore[no-untyped-def]
    return book(DEAL, check_in=check_in or d(8), check_out=check_out or d(10), source="phone")


def last_modified(reservation: Reservation) -> ReservationEvent:
    return ReservationEvent.objects.filter(reservation=reservation, action="modified").get()


def test_a_longer_stay_keeps_the_price_set_by_hand_for_every_night(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = hand_priced()
        assert reservation.total == Decimal("186.00")  # 2 x 80; VAT 16 + city tax 10
        # d(10) costs 120 at today's rates: the deal's 80 applies to the added night too
        changed = reservation_modify(reservation=reservation, actor="system", check_out=d(11))
        stay = changed.stays.get()
        assert [night["price"] for night in stay.nightly] == ["80.00", "80.00", "80.00"]
        assert (stay.subtotal, stay.taxes, stay.total) == (
            Decimal("240.00"),
            Decimal("39.00"),  # VAT 24 + city tax 2 x 3 x 2.50
            Decimal("279.00"),
        )
        assert stay.rate_override_reason == "Regular guest"
        assert changed.total == Decimal("279.00")
        event = last_modified(reservation)
        assert event.details["changes"] == {"check_out": [str(d(10)), str(d(11))]}
        assert event.details["rate"] == {
            "decision": "kept",
            "nightly": "80.00",
            "reason": "Regular guest",
        }
        assert no_drift()


def test_a_smaller_party_keeps_the_price_and_pays_its_own_taxes(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        changed = reservation_modify(reservation=hand_priced(), actor="system", adults=1)
        stay = changed.stays.get()
        # 2 x 80; VAT 16 + city tax 1 x 2 x 2.50
        assert (stay.subtotal, stay.total) == (Decimal("160.00"), Decimal("181.00"))
        assert stay.rate_override_reason == "Regular guest"


def test_a_new_room_type_needs_a_decision_about_the_price(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = hand_priced(d(1), d(3))
        before = hotel_digest(hotel_a.schema)
        with pytest.raises(InnkeepError) as refused:
            reservation_modify(reservation=reservation, actor="system", room_type="FAM")
        assert (refused.value.status, refused.value.code) == (409, "RATE_OVERRIDE_DECISION_NEEDED")
        assert refused.value.details == {
            "stay": reservation.stays.get().pk,
            "nightly": "80.00",
            "override_reason": "Regular guest",
        }
        assert hotel_digest(hotel_a.schema) == before

        repriced = reservation_modify(
            reservation=reservation, actor="system", room_type="FAM", reprice=True
        )
        stay = repriced.stays.get()
        assert (stay.room_type.code, stay.total, stay.rate_override_reason) == (
            "FAM",
            Decimal("406.00"),  # 2 x 180; VAT 36 + city tax 10
            "",
        )
        event = last_modified(reservation)
        assert event.details["rate"] == {"decision": "repriced", "was": "Regular guest"}
        assert event.details["changes"]["rate_override_reason"] == ["Regular guest", ""]
        assert sold(catalogue.dbl, d(1), d(2)) == [0, 0]
        assert sold(catalogue.fam, d(1), d(2)) == [1, 1]
        assert no_drift()


def test_a_new_room_type_with_a_new_price_by_hand(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = hand_priced(d(1), d(3))
        changed = reservation_modify(
            reservation=reservation,
            actor="system",
            room_type="FAM",
            price_override=Decimal("150.00"),
            override_reason="Upgrade at the regular's rate",
        )
        stay = changed.stays.get()
        assert [night["price"] for night in stay.nightly] == ["150.00", "150.00"]
        # 2 x 150; VAT 30 + city tax 10
        assert (stay.total, stay.rate_override_reason) == (
            Decimal("340.00"),
            "Upgrade at the regular's rate",
        )
        assert last_modified(reservation).details["rate"] == {
            "decision": "set",
            "nightly": "150.00",
            "reason": "Upgrade at the regular's rate",
            "was": "Regular guest",
        }


def test_a_price_by_hand_needs_a_reason_and_not_reprice_too(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book()
        for kwargs, fields in [
            ({"price_override": Decimal("90.00")}, ["override_reason"]),
            (
                {"price_override": Decimal("90.00"), "override_reason": "x", "reprice": True},
                ["reprice"],
            ),
        ]:
            with pytest.raises(InnkeepError) as refused:
                reservation_modify(reservation=reservation, actor="system", **kwargs)
            assert list(refused.value.fields) == fields  # type: ignore[attr-defined]
        # a price by hand alone is a change: every night, recorded
        changed = reservation_modify(
            reservation=reservation,
            actor="system",
            price_override=Decimal("90.00"),
            override_reason="Complaint",
        )
        assert changed.total == Decimal("208.00")  # 2 x 90; VAT 18 + city tax 10
        assert last_modified(reservation).details["changes"] == {
            "rate_override_reason": ["", "Complaint"]
        }


def test_the_api_asks_the_override_permission_for_a_price_decision(
    api_for, hotel_a, make_staff, catalogue
):
    desk, manager = make_staff(hotel_a, "front_desk"), make_staff(hotel_a, "manager")
    client = api_for(hotel_a)
    with tenant_context(hotel_a.hotel):
        reservation = hand_priced(d(1), d(3))
    url = f"/api/v1/reservations/{reservation.code}/"
    before = hotel_digest(hotel_a.schema)

    undecided = client.patch(url, {"room_type": "FAM"}, format="json", **desk.auth)
    assert undecided.status_code == 409
    assert undecided.json()["error"]["code"] == "RATE_OVERRIDE_DECISION_NEEDED"
    for body in (
        {"room_type": "FAM", "reprice": True},
        {"price_override": "70.00", "override_reason": "Better deal"},
    ):
        refused = client.patch(url, body, format="json", **desk.auth)
        assert (refused.status_code, refused.json()["error"]["code"]) == (403, "PERMISSION_DENIED")
    assert hotel_digest(hotel_a.schema) == before

    longer = client.patch(url, {"check_out": str(d(4))}, format="json", **desk.auth)
    assert longer.status_code == 200, longer.content
    assert longer.json()["total"] == "279.00"  # 3 x 80; VAT 24 + city tax 15
    moved = client.patch(url, {"room_type": "FAM", "reprice": True}, format="json", **manager.auth)
    assert moved.status_code == 200, moved.content
    (stay,) = moved.json()["stays"]
    assert (stay["room_type"], stay["rate_override_reason"]) == ("FAM", "")
