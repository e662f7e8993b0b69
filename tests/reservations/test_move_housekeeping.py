"""A room move during a stay leaves the old room dirty (the guest used it), through the
housekeeping service and its audit row; the new room and a stay that has not arrived
(given another room, not moved) keep their status, and a refused move changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from innkeep.core.models import AuditEvent
from innkeep.properties.models import HousekeepingStatus, Room
from innkeep.reservations.assignment import (
    RoomOverlapConflict,
    StayNotInHouse,
    assign_room,
    move_room,
)
from innkeep.reservations.models import ReservationStatus as S
from tests.factories import RoomFactory, RoomTypeFactory, StayFactory, UserFactory

pytestmark = pytest.mark.django_db

ARRIVAL, DEPARTURE = date(2027, 3, 2), date(2027, 3, 5)


@pytest.fixture
def dbl(hotel_a, in_hotel):  # type: ignore[no-untyped-def]
    with in_hotel(hotel_a):
        yield RoomTypeFactory(code="DBL")


def stay_of(room_type, status=S.CHECKED_IN, check_in=ARRIVAL, check_out=DEPARTURE):  # type: ignore[no-untyped-def]
    return StayFactory(
        room_type=room_type, check_in=check_in, check_out=check_out, reservation__status=status
    )


def status_of(*rooms: Room) -> list[str]:
    return [Room.objects.get(pk=room.pk).housekeeping_status for room in rooms]


def housekeeping_audit() -> list[tuple[str, str, object]]:
    return [
        (event.target_id, str(event.actor_id), event.data["housekeeping_status"])
        for event in AuditEvent.objects.filter(action="room.housekeeping_changed").order_by("id")
    ]


@pytest.mark.parametrize("on", [ARRIVAL, date(2027, 3, 4)])
def test_the_room_a_guest_in_house_leaves_becomes_dirty_audited(dbl, on):
    staff = UserFactory()
    stay = stay_of(dbl)
    old = RoomFactory(number="201", room_type=dbl, housekeeping_status=HousekeepingStatus.CLEAN)
    new = RoomFactory(number="202", room_type=dbl, housekeeping_status=HousekeepingStatus.INSPECTED)
    assign_room(stay=stay, room=old, actor=staff)

    move_room(stay=stay, room=new, on=on, actor=staff)

    # even a move on the night they arrived: the guest checked in, and was in the room
    assert status_of(old, new) == ["dirty", "inspected"]
    assert housekeeping_audit() == [(str(old.pk), str(staff.pk), ["clean", "dirty"])]


def test_an_out_of_order_room_stays_out_of_order_when_the_guest_is_moved_out(dbl):
    stay = stay_of(dbl)
    old = RoomFactory(number="201", room_type=dbl)
    assign_room(stay=stay, room=old, actor="system")
    Room.objects.filter(pk=old.pk).update(housekeeping_status=HousekeepingStatus.OUT_OF_ORDER)

    move_room(stay=stay, room=RoomFactory(number="202", room_type=dbl), on=ARRIVAL, actor="x")

    assert status_of(old) == ["out_of_order"]
    assert housekeeping_audit() == []


def test_a_stay_that_has_not_arrived_changes_room_without_dirtying_it(dbl):
    stay = stay_of(dbl, status=S.CONFIRMED)
    first = RoomFactory(number="201", room_type=dbl, housekeeping_status=HousekeepingStatus.CLEAN)
    assign_room(stay=stay, room=first, actor="x")
    with pytest.raises(StayNotInHouse):
        move_room(stay=stay, room=RoomFactory(room_type=dbl), on=ARRIVAL, actor="x")

    assign_room(stay=stay, room=RoomFactory(number="202", room_type=dbl), actor="x")

    assert status_of(first) == ["clean"]
    assert housekeeping_audit() == []


def test_a_refused_move_leaves_the_old_room_as_it_was(dbl):
    stay = stay_of(dbl)
    here = RoomFactory(number="201", room_type=dbl, housekeeping_status=HousekeepingStatus.CLEAN)
    taken = RoomFactory(number="202", room_type=dbl)
    assign_room(stay=stay, room=here, actor="x")
    assign_room(stay=stay_of(dbl, status=S.CONFIRMED), room=taken, actor="x")

    with pytest.raises(RoomOverlapConflict):
        move_room(stay=stay, room=taken, on=ARRIVAL, actor="x")

    assert status_of(here) == ["clean"]
    assert housekeeping_audit() == []
