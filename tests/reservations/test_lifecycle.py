"""Status moves of a reservation: one table, a trail row and an outbox event per move."""

from __future__ import annotations

from datetime import date

import pytest

from innkeep.core.errors import InvalidTransition
from innkeep.events.models import OutboxEvent
from innkeep.reservations.lifecycle import LIFECYCLE
from innkeep.reservations.models import ReservationEvent, ReservationStatus
from innkeep.reservations.rooms import release_rooms
from tests.factories import ReservationFactory, RoomAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_move_writes_the_trail_and_the_outbox(hotel_a, in_hotel):
    with in_hotel(hotel_a):
        staff = UserFactory()
        reservation = ReservationFactory()
        LIFECYCLE.move(reservation, to=ReservationStatus.CHECKED_IN, actor=staff, reason="arrived")
        reservation.refresh_from_db()
        assert reservation.status == "checked_in"
        event = ReservationEvent.objects.get(reservation=reservation)
        assert (event.actor, event.actor_label, event.action) == (staff, "", "status_changed")
        assert (event.from_status, event.to_status) == ("confirmed", "checked_in")
        assert event.details == {"reason": "arrived"}
        outbox = OutboxEvent.objects.get(aggregate_id=reservation.code)
        assert (outbox.topic, outbox.aggregate) == ("reservation.checked_in", "reservation")
        assert outbox.payload == {
            "reservation_id": reservation.pk,
            "code": reservation.code,
            "from": "confirmed",
            "to": "checked_in",
        }
        assert outbox.dispatched_at is None


def test_a_refused_move_changes_nothing(hotel_a, in_hotel):
    with in_hotel(hotel_a):
        reservation = ReservationFactory(status=ReservationStatus.CANCELLED)
        with pytest.raises(InvalidTransition) as refused:
            LIFECYCLE.move(reservation, to=ReservationStatus.CHECKED_IN, actor="guest")
        assert refused.value.code == "INVALID_STATUS_TRANSITION"
        assert refused.value.details == {"from": "cancelled", "to": "checked_in", "allowed": []}
        reservation.refresh_from_db()
        assert reservation.status == "cancelled"
        assert not ReservationEvent.objects.filter(reservation=reservation).exists()
        assert not OutboxEvent.objects.filter(aggregate_id=reservation.code).exists()


def test_the_guest_and_the_system_are_kept_by_label(hotel_a, in_hotel):
    with in_hotel(hotel_a):
        reservation = ReservationFactory()
        LIFECYCLE.move(reservation, to=ReservationStatus.CANCELLED, actor="guest")
        event = ReservationEvent.objects.get(reservation=reservation)
        assert (event.actor, event.actor_label) == (None, "guest")


def test_release_rooms_frees_every_live_assignment_and_says_so(hotel_a, in_hotel):
    with in_hotel(hotel_a):
        assignment = RoomAssignmentFactory()
        reservation = assignment.stay.reservation
        assert release_rooms(reservation=reservation, actor="system", on=date(2027, 3, 3)) == 1
        assignment.refresh_from_db()
        assert assignment.released_at is not None
        assert assignment.end == date(2027, 3, 3)  # an early check-out keeps the nights used
        assert release_rooms(reservation=reservation, actor="system") == 0
        event = ReservationEvent.objects.get(reservation=reservation)
        assert (event.action, event.details) == (
            "room_released",
            {"stay": assignment.stay_id, "room": assignment.room.number},
        )
        outbox = OutboxEvent.objects.get(aggregate_id=reservation.code)
        assert outbox.topic == "room.released"
        assert outbox.payload["room_id"] == assignment.room_id
