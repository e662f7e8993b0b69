"""PostgreSQL itself refuses two live assignments of one room on overlapping nights."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from innkeep.reservations.models import RoomAssignment
from tests.factories import RoomAssignmentFactory, RoomFactory, StayFactory

pytestmark = pytest.mark.django_db


def _second_stay(first: RoomAssignment, check_in: date, check_out: date):
    return StayFactory(room_type=first.stay.room_type, check_in=check_in, check_out=check_out)


def test_overlapping_live_assignments_of_one_room_are_refused(hotel_a, in_hotel):
    with in_hotel(hotel_a):
        first = RoomAssignmentFactory()  # 2027-03-02 .. 03-04
        stay = _second_stay(first, date(2027, 3, 3), date(2027, 3, 5))
        with (
            pytest.raises(IntegrityError, match="reservations_room_never_double_booked"),
            transaction.atomic(),
        ):
            RoomAssignment.objects.create(
                stay=stay, room=first.room, start=stay.check_in, end=stay.check_out
            )
        assert RoomAssignment.objects.filter(room=first.room).count() == 1


def test_back_to_back_stays_share_a_room(hotel_a, in_hotel):
    with in_hotel(hotel_a):
        first = RoomAssignmentFactory()
        stay = _second_stay(first, date(2027, 3, 4), date(2027, 3, 6))
        RoomAssignment.objects.create(
            stay=stay, room=first.room, start=stay.check_in, end=stay.check_out
        )
        assert RoomAssignment.objects.filter(room=first.room).count() == 2


def test_a_released_assignment_frees_the_room(hotel_a, in_hotel):
    with in_hotel(hotel_a):
        first = RoomAssignmentFactory(released_at=timezone.now())
        stay = _second_stay(first, first.start, first.end)
        RoomAssignment.objects.create(
            stay=stay, room=first.room, start=stay.check_in, end=stay.check_out
        )
        assert RoomAssignment.objects.filter(room=first.room, released_at__isnull=True).count() == 1


def test_other_rooms_are_not_affected(hotel_a, in_hotel):
    with in_hotel(hotel_a):
        first = RoomAssignmentFactory()
        other = RoomFactory(room_type=first.stay.room_type)
        stay = _second_stay(first, first.start, first.end)
        RoomAssignment.objects.create(
            stay=stay, room=other, start=stay.check_in, end=stay.check_out
        )
        assert RoomAssignment.objects.filter(stay__room_type=first.stay.room_type).count() == 2
