"""Cancel (fee per policy, inventory and rooms released), confirm, modify (re-priced, new
nights held before the old go, a refusal changes nothing), and hold expiry."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.core.errors import InnkeepError
from innkeep.events.models import OutboxEvent
from innkeep.reservations.booking import RoomRequest
from innkeep.reservations.cancel import cancellation_fee, reservation_cancel
from innkeep.reservations.holds import expire_holds, reservation_confirm
from innkeep.reservations.models import ReservationEvent, RoomAssignment
from innkeep.reservations.modify import reservation_modify
from innkeep.reservations.tasks import expire_holds as expire_holds_task
from tests.booking.conftest import NOW, d
from tests.factories import RoomAssignmentFactory, UserFactory
from tests.reservations.helpers import book, no_drift, sold

pytestmark = pytest.mark.django_db

NRF = RoomRequest(room_type="DBL", rate_plan="NRF", adults=2)


def at(monkeypatch, moment):
    monkeypatch.setattr("innkeep.core.clock.now", lambda: moment)


def test_cancel_releases_nights_and_rooms_and_records_a_free_cancellation(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book(check_in=d(5), check_out=d(7))
        stay = reservation.stays.get()
        RoomAssignmentFactory(stay=stay, room=catalogue.rooms["101"])
        assert cancellation_fee(reservation=reservation) == Decimal("0.00")
        cancelled = reservation_cancel(reservation=reservation, actor="guest", reason="guest")
        assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "guest")
        assert (cancelled.cancellation_fee, cancelled.cancelled_at) == (Decimal("0.00"), NOW)
        assert sold(catalogue.dbl, d(5), d(6)) == [0, 0]
        assert RoomAssignment.objects.get(stay=stay).released_at is not None
        topics = list(
            OutboxEvent.objects.filter(aggregate_id=reservation.code)
            .order_by("id")
            .values_list("topic", flat=True)
        )
        assert topics == ["reservation.created", "room.released", "reservation.cancelled"]
        assert no_drift()


def test_the_fee_applies_inside_the_policy_window(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        # flexible: free until 2 days before arrival; d(2) arrival -> free only until d(0)
        reservation = book(check_in=d(2), check_out=d(4))
        assert cancellation_fee(reservation=reservation) == Decimal("0.00")
        later = NOW + timedelta(days=1)
        assert cancellation_fee(reservation=reservation, at=later) == reservation.total
        strict = book(NRF, check_in=d(20), check_out=d(21))
        assert cancellation_fee(reservation=strict) == strict.total


def test_first_night_fee(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        policy = catalogue.bar.cancellation_policy
        policy.fee_kind, policy.free_until_days = "first_night", None
        policy.save()
        reservation = book(check_in=d(1), check_out=d(3))
        cancelled = reservation_cancel(reservation=reservation, actor="guest", reason="guest")
        assert cancelled.cancellation_fee == Decimal("100.00")


def test_cancel_twice_is_409_and_a_bad_reason_is_400(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book()
        with pytest.raises(InnkeepError) as bad:
            reservation_cancel(reservation=reservation, actor="guest", reason="bored")
        assert bad.value.status == 400
        reservation_cancel(reservation=reservation, actor="guest", reason="guest")
        with pytest.raises(InnkeepError) as again:
            reservation_cancel(reservation=reservation, actor="guest", reason="guest")
        assert (again.value.status, again.value.code) == (409, "INVALID_STATUS_TRANSITION")
        assert sold(catalogue.dbl, d(1), d(2)) == [0, 0]


def test_confirm_ends_the_hold(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        staff = UserFactory()
        reservation = book(NRF)
        confirmed = reservation_confirm(reservation=reservation, actor=staff)
        assert (confirmed.status, confirmed.hold_expires_at) == ("confirmed", None)
        with pytest.raises(InnkeepError) as again:
            reservation_confirm(reservation=confirmed, actor=staff)
        assert again.value.code == "INVALID_STATUS_TRANSITION"


def test_expired_holds_are_cancelled_once_and_confirmed_ones_kept(hotel_a, catalogue, monkeypatch):
    with tenant_context(hotel_a.hotel):
        expiring = book(NRF)
        paid = book(NRF)
        reservation_confirm(reservation=paid, actor="system")
        fresh_one = None
        at(monkeypatch, NOW + timedelta(minutes=10))
        fresh_one = book(NRF)
        at(monkeypatch, NOW + timedelta(minutes=15))
        assert expire_holds_task.apply().get() == 1
        expiring.refresh_from_db()
        assert (expiring.status, expiring.cancel_reason) == ("cancelled", "hold_expired")
        assert expiring.cancellation_fee == Decimal("0.00")
        assert expire_holds() == 0  # idempotent
        paid.refresh_from_db()
        fresh_one.refresh_from_db()
        assert (paid.status, fresh_one.status) == ("confirmed", "pending_payment")
        assert sold(catalogue.dbl, d(1), d(2)) == [2, 2]
        assert no_drift()


def test_modify_dates_reprices_and_moves_nights(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        staff = UserFactory()
        reservation = book(check_in=d(8), check_out=d(10))
        changed = reservation_modify(reservation=reservation, actor=staff, check_out=d(11))
        # 100 + 100 + 120 (from d(10)); VAT 32 + city tax 2 x 3 x 2.50
        assert changed.total == Decimal("367.00")
        stay = changed.stays.get()
        assert (stay.check_in, stay.check_out) == (d(8), d(11))
        assert sold(catalogue.dbl, d(8), d(9), d(10), d(11)) == [1, 1, 1, 0]
        event = ReservationEvent.objects.filter(reservation=reservation).last()
        assert event.action == "modified"
        assert event.details["changes"] == {"check_out": [str(d(10)), str(d(11))]}
        assert OutboxEvent.objects.filter(topic="reservation.modified").count() == 1
        assert no_drift()


def test_extending_on_the_last_room_only_needs_the_new_night(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book(RoomRequest(room_type="SGL", rate_plan="BAR", adults=1))
        changed = reservation_modify(reservation=reservation, actor="system", check_out=d(4))
        assert changed.stays.get().check_out == d(4)
        assert sold(catalogue.sgl, d(1), d(2), d(3)) == [1, 1, 1]


def test_a_refused_modification_leaves_everything_as_it_was(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book(check_in=d(1), check_out=d(3))
        stay = reservation.stays.get()
        RoomAssignmentFactory(stay=stay, room=catalogue.rooms["101"])
        book(RoomRequest(room_type="FAM", rate_plan="BAR", adults=2), check_in=d(2))  # the last
        with pytest.raises(InnkeepError) as refused:
            reservation_modify(reservation=reservation, actor="system", room_type="FAM")
        assert refused.value.code == "NO_AVAILABILITY"
        with pytest.raises(InnkeepError) as too_many:
            reservation_modify(reservation=reservation, actor="system", adults=3, children=1)
        assert too_many.value.code == "OCCUPANCY_NOT_SUPPORTED"
        stay.refresh_from_db()
        assert (stay.room_type, stay.adults, stay.total) == (catalogue.dbl, 2, Decimal("230.00"))
        assert sold(catalogue.dbl, d(1), d(2)) == [1, 1]
        assert sold(catalogue.fam, d(1), d(2)) == [0, 1]
        assert RoomAssignment.objects.get(stay=stay).released_at is None
        assert not ReservationEvent.objects.filter(action="modified").exists()


def test_a_new_room_type_takes_its_nights_and_gives_the_old_back(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book(check_in=d(1), check_out=d(3))
        RoomAssignmentFactory(stay=reservation.stays.get(), room=catalogue.rooms["101"])
        changed = reservation_modify(reservation=reservation, actor="system", room_type="FAM")
        assert changed.stays.get().room_type == catalogue.fam
        assert sold(catalogue.dbl, d(1), d(2)) == [0, 0]
        assert sold(catalogue.fam, d(1), d(2)) == [1, 1]
        assert not RoomAssignment.objects.filter(released_at__isnull=True).exists()
        # 2 x 180; VAT 36 + city tax 10
        assert changed.total == Decimal("406.00")
        assert no_drift()


def test_a_cancelled_reservation_cannot_be_modified(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book()
        reservation_cancel(reservation=reservation, actor="guest", reason="guest")
        with pytest.raises(InnkeepError) as refused:
            reservation_modify(reservation=reservation, actor="system", check_out=d(4))
        assert (refused.value.status, refused.value.code) == (409, "RESERVATION_NOT_MODIFIABLE")
