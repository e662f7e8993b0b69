"""Room assignment services (reservations/assignment.py): which rooms a stay may get, what
replaces what, a move during the stay, and the trail and outbox each change writes."""

from __future__ import annotations

from datetime import date

import pytest

from innkeep.core.errors import ValidationFailed
from innkeep.events.models import OutboxEvent
from innkeep.properties.models import HousekeepingStatus
from innkeep.reservations.assignment import (
    RoomInactive,
    RoomNotAssigned,
    RoomOutOfOrder,
    RoomOverlapConflict,
    RoomTypeMismatch,
    StayInHouse,
    StayNotAssignable,
    StayNotInHouse,
    assign_room,
    available_rooms,
    move_room,
    unassign_room,
)
from innkeep.reservations.lifecycle import LIFECYCLE
from innkeep.reservations.models import ReservationEvent, RoomAssignment
from innkeep.reservations.models import ReservationStatus as S
from innkeep.reservations.rooms import release_rooms
from tests.factories import RoomFactory, RoomTypeFactory, StayFactory, UserFactory

pytestmark = pytest.mark.django_db


def MAR(day: int) -> date:
    return date(2027, 3, day)


def stay_of_type(
    room_type, status=S.CONFIRMED, check_in=date(2027, 3, 2), check_out=date(2027, 3, 5)
):  # type: ignore[no-untyped-def]
    return StayFactory(
        room_type=room_type,
        check_in=check_in,
        check_out=check_out,
        reservation__status=status,
    )


def rows(stay):  # type: ignore[no-untyped-def]
    """(room, start, end, live) of every assignment of the stay, oldest first."""
    return [
        (a.room.number, a.start, a.end, a.released_at is None)
        for a in RoomAssignment.objects.filter(stay=stay).select_related("room").order_by("id")
    ]


def trail(reservation):  # type: ignore[no-untyped-def]
    return [
        (e.action, e.details)
        for e in ReservationEvent.objects.filter(reservation=reservation).order_by("id")
    ]


def topics(reservation):  # type: ignore[no-untyped-def]
    return list(
        OutboxEvent.objects.filter(aggregate_id=reservation.code)
        .order_by("id")
        .values_list("topic", flat=True)
    )


@pytest.fixture
def dbl(hotel_a, in_hotel):  # type: ignore[no-untyped-def]
    with in_hotel(hotel_a):
        yield RoomTypeFactory(code="DBL")


def test_a_room_is_assigned_for_the_stays_nights_with_trail_and_outbox(dbl):
    staff = UserFactory()
    stay = stay_of_type(dbl)
    room = RoomFactory(number="201", room_type=dbl)

    assignment = assign_room(stay=stay, room=room, actor=staff)

    assert (assignment.room, assignment.start, assignment.end) == (room, MAR(2), MAR(5))
    assert rows(stay) == [("201", MAR(2), MAR(5), True)]
    event = ReservationEvent.objects.get(reservation=stay.reservation)
    assert (event.actor, event.action) == (staff, "room_assigned")
    assert event.details == {
        "stay": stay.pk,
        "room": "201",
        "start": "2027-03-02",
        "end": "2027-03-05",
    }
    outbox = OutboxEvent.objects.get(aggregate_id=stay.reservation.code)
    assert outbox.topic == "room.assigned"
    assert outbox.payload == {
        "reservation_id": stay.reservation.pk,
        "code": stay.reservation.code,
        "stay_id": stay.pk,
        "room_id": room.pk,
        "start": "2027-03-02",
        "end": "2027-03-05",
    }


@pytest.mark.parametrize("status", [S.PENDING_PAYMENT, S.CONFIRMED, S.CHECKED_IN])
def test_statuses_that_hold_a_room_may_get_one(dbl, status):
    stay = stay_of_type(dbl, status=status)
    assign_room(stay=stay, room=RoomFactory(room_type=dbl), actor="system")
    assert len(rows(stay)) == 1


@pytest.mark.parametrize("status", [S.CANCELLED, S.NO_SHOW, S.CHECKED_OUT])
def test_statuses_that_hold_no_room_are_refused(dbl, status):
    stay = stay_of_type(dbl, status=status)
    with pytest.raises(StayNotAssignable) as refused:
        assign_room(stay=stay, room=RoomFactory(room_type=dbl), actor="system")
    assert (refused.value.status, refused.value.code) == (409, "STAY_NOT_ASSIGNABLE")
    assert refused.value.details == {"status": status}
    assert rows(stay) == []
    assert trail(stay.reservation) == []


def test_a_room_of_another_type_is_refused(dbl):
    stay = stay_of_type(dbl)
    single = RoomFactory(number="101", room_type=RoomTypeFactory(code="SGL"))
    with pytest.raises(RoomTypeMismatch) as refused:
        assign_room(stay=stay, room=single, actor="system")
    assert (refused.value.status, refused.value.code) == (400, "ROOM_TYPE_MISMATCH")
    assert refused.value.details == {"room": "101", "room_type": "SGL", "stay_room_type": "DBL"}
    assert rows(stay) == []


def test_an_inactive_or_out_of_order_room_is_refused(dbl):
    stay = stay_of_type(dbl)
    inactive = RoomFactory(number="202", room_type=dbl, active=False)
    broken = RoomFactory(
        number="203", room_type=dbl, housekeeping_status=HousekeepingStatus.OUT_OF_ORDER
    )
    with pytest.raises(RoomInactive) as refused:
        assign_room(stay=stay, room=inactive, actor="system")
    assert (refused.value.status, refused.value.code) == (409, "ROOM_INACTIVE")
    with pytest.raises(RoomOutOfOrder) as refused_too:
        assign_room(stay=stay, room=broken, actor="system")
    assert (refused_too.value.status, refused_too.value.code) == (409, "ROOM_OUT_OF_ORDER")
    assert refused_too.value.details == {"room": "203"}
    assert rows(stay) == []


def test_a_room_held_by_an_overlapping_stay_is_a_conflict_naming_it(dbl):
    room = RoomFactory(number="201", room_type=dbl)
    first = stay_of_type(dbl, check_in=MAR(1), check_out=MAR(3))
    assign_room(stay=first, room=room, actor="system")
    second = stay_of_type(dbl)  # 03-02 .. 03-05: the night of 03-02 is first's

    with pytest.raises(RoomOverlapConflict) as refused:
        assign_room(stay=second, room=room, actor="system")

    assert (refused.value.status, refused.value.code) == (409, "ROOM_OVERLAP_CONFLICT")
    assert refused.value.message == "Room 201 has an overlapping stay."
    assert refused.value.details == {
        "room": "201",
        "conflicting_codes": [first.reservation.code],
    }
    assert rows(second) == []
    assert trail(second.reservation) == []
    assert topics(second.reservation) == []


def test_back_to_back_stays_share_a_room(dbl):
    room = RoomFactory(room_type=dbl)
    assign_room(stay=stay_of_type(dbl, check_in=MAR(1), check_out=MAR(2)), room=room, actor="x")
    assign_room(stay=stay_of_type(dbl), room=room, actor="x")
    assign_room(stay=stay_of_type(dbl, check_in=MAR(5), check_out=MAR(8)), room=room, actor="x")
    assert RoomAssignment.objects.filter(room=room, released_at__isnull=True).count() == 3


def test_assigning_replaces_the_room_held_and_keeps_it_as_history(dbl):
    stay = stay_of_type(dbl)
    first = RoomFactory(number="201", room_type=dbl)
    second = RoomFactory(number="202", room_type=dbl)
    assign_room(stay=stay, room=first, actor="system")

    assign_room(stay=stay, room=second, actor="system")

    assert rows(stay) == [("201", MAR(2), MAR(5), False), ("202", MAR(2), MAR(5), True)]
    assert [action for action, _ in trail(stay.reservation)] == [
        "room_assigned",
        "room_released",
        "room_assigned",
    ]
    assert trail(stay.reservation)[1][1] == {"stay": stay.pk, "room": "201", "reason": "replaced"}
    assert topics(stay.reservation) == ["room.assigned", "room.released", "room.assigned"]
    # the first room is free again for the same nights
    assign_room(stay=stay_of_type(dbl), room=first, actor="system")


def test_assigning_the_room_held_changes_nothing(dbl):
    stay = stay_of_type(dbl)
    room = RoomFactory(room_type=dbl)
    held = assign_room(stay=stay, room=room, actor="system")
    assert assign_room(stay=stay, room=room, actor="system") == held
    assert len(rows(stay)) == 1
    assert topics(stay.reservation) == ["room.assigned"]


def test_a_refused_replacement_keeps_the_room_held(dbl):
    stay = stay_of_type(dbl)
    held = RoomFactory(number="201", room_type=dbl)
    taken = RoomFactory(number="202", room_type=dbl)
    other = stay_of_type(dbl)
    assign_room(stay=other, room=taken, actor="system")
    assign_room(stay=stay, room=held, actor="system")

    with pytest.raises(RoomOverlapConflict) as refused:
        assign_room(stay=stay, room=taken, actor="system")

    assert refused.value.details["conflicting_codes"] == [other.reservation.code]
    assert rows(stay) == [("201", MAR(2), MAR(5), True)]  # the release was rolled back too
    assert topics(stay.reservation) == ["room.assigned"]


def test_unassigning_releases_the_room(dbl):
    stay = stay_of_type(dbl)
    room = RoomFactory(number="201", room_type=dbl)
    assign_room(stay=stay, room=room, actor="system")

    released = unassign_room(stay=stay, actor="system")

    assert released.released_at is not None
    assert rows(stay) == [("201", MAR(2), MAR(5), False)]
    assert trail(stay.reservation)[-1] == (
        "room_released",
        {"stay": stay.pk, "room": "201", "reason": "unassigned"},
    )
    assert topics(stay.reservation) == ["room.assigned", "room.released"]
    with pytest.raises(RoomNotAssigned) as refused:
        unassign_room(stay=stay, actor="system")
    assert (refused.value.status, refused.value.code) == (409, "ROOM_NOT_ASSIGNED")


def test_a_guest_in_house_is_not_unassigned(dbl):
    stay = stay_of_type(dbl, status=S.CHECKED_IN)
    assign_room(stay=stay, room=RoomFactory(room_type=dbl), actor="system")
    with pytest.raises(StayInHouse) as refused:
        unassign_room(stay=stay, actor="system")
    assert (refused.value.status, refused.value.code) == (409, "STAY_IN_HOUSE")
    assert rows(stay)[0][3] is True


def test_a_move_splits_the_stay_and_keeps_the_history(dbl):
    stay = stay_of_type(dbl, status=S.CHECKED_IN)
    first = RoomFactory(number="201", room_type=dbl)
    second = RoomFactory(number="305", room_type=dbl)
    assign_room(stay=stay, room=first, actor="system")

    moved = move_room(stay=stay, room=second, on=MAR(3), actor="system")

    assert (moved.room, moved.start, moved.end) == (second, MAR(3), MAR(5))
    assert rows(stay) == [("201", MAR(2), MAR(3), False), ("305", MAR(3), MAR(5), True)]
    assert trail(stay.reservation)[1:] == [
        ("room_released", {"stay": stay.pk, "room": "201", "reason": "moved"}),
        (
            "room_assigned",
            {"stay": stay.pk, "room": "305", "start": "2027-03-03", "end": "2027-03-05"},
        ),
    ]
    assert topics(stay.reservation) == ["room.assigned", "room.released", "room.assigned"]
    # the first room is free from the move on, and still held by the history before it
    later = stay_of_type(dbl, check_in=MAR(3), check_out=MAR(6))
    assign_room(stay=later, room=first, actor="system")
    # a second move splits again
    move_room(stay=stay, room=RoomFactory(number="306", room_type=dbl), on=MAR(4), actor="x")
    assert rows(stay) == [
        ("201", MAR(2), MAR(3), False),
        ("305", MAR(3), MAR(4), False),
        ("306", MAR(4), MAR(5), True),
    ]


def test_a_move_on_the_first_night_releases_the_room_whole(dbl):
    stay = stay_of_type(dbl, status=S.CHECKED_IN)
    assign_room(stay=stay, room=RoomFactory(number="201", room_type=dbl), actor="system")
    move_room(stay=stay, room=RoomFactory(number="202", room_type=dbl), on=MAR(2), actor="x")
    assert rows(stay) == [("201", MAR(2), MAR(5), False), ("202", MAR(2), MAR(5), True)]


def test_replacing_the_room_of_a_guest_in_house_keeps_the_nights_before_the_move(dbl):
    stay = stay_of_type(dbl, status=S.CHECKED_IN)
    assign_room(stay=stay, room=RoomFactory(number="201", room_type=dbl), actor="x")
    move_room(stay=stay, room=RoomFactory(number="202", room_type=dbl), on=MAR(3), actor="x")
    assign_room(stay=stay, room=RoomFactory(number="203", room_type=dbl), actor="x")
    assert rows(stay)[-1] == ("203", MAR(3), MAR(5), True)


@pytest.mark.parametrize("on", [MAR(1), MAR(5), MAR(9)])
def test_a_move_date_outside_the_current_rooms_nights_is_refused(dbl, on):
    stay = stay_of_type(dbl, status=S.CHECKED_IN)
    assign_room(stay=stay, room=RoomFactory(number="201", room_type=dbl), actor="x")
    with pytest.raises(ValidationFailed) as refused:
        move_room(stay=stay, room=RoomFactory(room_type=dbl), on=on, actor="x")
    assert refused.value.fields == {
        "date": ["Move on a night the guest holds room 201: from 2027-03-02 to 2027-03-04."]
    }
    assert len(rows(stay)) == 1


def test_only_a_guest_in_house_with_a_room_is_moved(dbl):
    confirmed = stay_of_type(dbl)
    assign_room(stay=confirmed, room=RoomFactory(room_type=dbl), actor="x")
    with pytest.raises(StayNotInHouse) as refused:
        move_room(stay=confirmed, room=RoomFactory(room_type=dbl), on=MAR(3), actor="x")
    assert (refused.value.code, refused.value.details) == (
        "STAY_NOT_IN_HOUSE",
        {"status": "confirmed"},
    )
    roomless = stay_of_type(dbl, status=S.CHECKED_IN)
    with pytest.raises(RoomNotAssigned):
        move_room(stay=roomless, room=RoomFactory(room_type=dbl), on=MAR(3), actor="x")


def test_a_move_to_the_same_room_or_a_taken_one_changes_nothing(dbl):
    stay = stay_of_type(dbl, status=S.CHECKED_IN)
    here = RoomFactory(number="201", room_type=dbl)
    taken = RoomFactory(number="202", room_type=dbl)
    assign_room(stay=stay, room=here, actor="x")
    other = stay_of_type(dbl, check_in=MAR(4), check_out=MAR(6))
    assign_room(stay=other, room=taken, actor="x")

    with pytest.raises(ValidationFailed) as same:
        move_room(stay=stay, room=here, on=MAR(3), actor="x")
    assert same.value.fields == {"room": ["The guest is already in room 201."]}
    with pytest.raises(RoomOverlapConflict) as refused:
        move_room(stay=stay, room=taken, on=MAR(3), actor="x")

    assert refused.value.details == {"room": "202", "conflicting_codes": [other.reservation.code]}
    assert rows(stay) == [("201", MAR(2), MAR(5), True)]  # not cut back: all rolled back
    assert topics(stay.reservation) == ["room.assigned"]


def test_available_rooms_are_the_free_sellable_rooms_of_the_type_ready_ones_first(dbl):
    stay = stay_of_type(dbl)
    RoomFactory(number="101", room_type=dbl, housekeeping_status=HousekeepingStatus.DIRTY)
    RoomFactory(number="102", room_type=dbl, housekeeping_status=HousekeepingStatus.CLEAN)
    RoomFactory(number="103", room_type=dbl, housekeeping_status=HousekeepingStatus.INSPECTED)
    RoomFactory(number="104", room_type=dbl, active=False)
    RoomFactory(number="105", room_type=dbl, housekeeping_status=HousekeepingStatus.OUT_OF_ORDER)
    RoomFactory(number="106", room_type=RoomTypeFactory(code="SGL"))
    taken = RoomFactory(number="107", room_type=dbl)
    assign_room(stay=stay_of_type(dbl, check_in=MAR(4), check_out=MAR(6)), room=taken, actor="x")
    before = RoomFactory(number="108", room_type=dbl, housekeeping_status=HousekeepingStatus.DIRTY)
    assign_room(stay=stay_of_type(dbl, check_in=MAR(1), check_out=MAR(2)), room=before, actor="x")

    free = available_rooms(stay=stay)

    assert [(r.number, r.housekeeping_status, r.current) for r in free] == [
        ("103", "inspected", False),
        ("102", "clean", False),
        ("101", "dirty", False),
        ("108", "dirty", False),  # its stay leaves the morning this one arrives
    ]
    assign_room(stay=stay, room=free[1], actor="x")
    assert [(r.number, r.current) for r in available_rooms(stay=stay)][:2] == [
        ("103", False),
        ("102", True),
    ]
    # from the night of 03-04 (a move), room 107 is taken too; from 03-02 it is
    assert "107" not in {r.number for r in available_rooms(stay=stay, start=MAR(4))}
    with pytest.raises(ValidationFailed) as refused:
        available_rooms(stay=stay, start=MAR(5))
    assert refused.value.fields == {
        "date": ["A night of the stay: from 2027-03-02 to before 2027-03-05."]
    }


@pytest.mark.parametrize(
    ("status", "on"),
    [(S.CANCELLED, None), (S.NO_SHOW, None), (S.CHECKED_OUT, MAR(3))],
)
def test_cancelled_no_show_and_checked_out_stays_free_the_room(dbl, status, on):
    room = RoomFactory(number="201", room_type=dbl)
    leaving = stay_of_type(dbl, status=S.CHECKED_IN if status == S.CHECKED_OUT else S.CONFIRMED)
    assign_room(stay=leaving, room=room, actor="x")
    waiting = stay_of_type(dbl, check_in=MAR(3), check_out=MAR(6))
    assert "201" not in {r.number for r in available_rooms(stay=waiting)}
    with pytest.raises(RoomOverlapConflict):
        assign_room(stay=waiting, room=room, actor="x")

    LIFECYCLE.move(leaving.reservation, to=status, actor="x")
    assert release_rooms(reservation=leaving.reservation, actor="x", on=on) == 1

    assert "201" in {r.number for r in available_rooms(stay=waiting)}
    assign_room(stay=waiting, room=room, actor="x")
    assert rows(leaving)[0][3] is False
    with pytest.raises(StayNotAssignable):
        assign_room(stay=leaving, room=RoomFactory(room_type=dbl), actor="x")


def test_after_a_change_of_dates_assigning_the_same_room_renews_it_for_the_new_nights(dbl):
    stay = stay_of_type(dbl)
    room = RoomFactory(number="201", room_type=dbl)
    assign_room(stay=stay, room=room, actor="x")
    stay.check_out = MAR(7)  # as reservation_modify moves a stay's dates
    stay.save(update_fields=["check_out"])

    assign_room(stay=stay, room=room, actor="x")

    assert rows(stay) == [("201", MAR(2), MAR(5), False), ("201", MAR(2), MAR(7), True)]
