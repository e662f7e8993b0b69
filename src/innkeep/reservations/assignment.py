"""Giving a stay a physical room: assign, unassign, move during the stay, and which rooms
are free for it.

PostgreSQL decides conflicts: the exclusion constraint on RoomAssignment
(`reservations_room_never_double_booked`) refuses a second live assignment of a room on an
overlapping night, whatever runs at the same moment; the services turn that refusal into
409 ROOM_OVERLAP_CONFLICT naming the reservations in the way. Each service locks the
reservation, then the stay, then its live assignment (the order of the lifecycle's moves and
of release_rooms), so two changes of one stay never interleave, and a status change (cancel,
check-out) either happens before (the assignment is refused) or after (it is released).
Every change writes the trail and the outbox (`room.assigned`, `room.released`) in its
transaction."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.utils import timezone

from innkeep.core.errors import Conflict, InnkeepError, NotFound, ValidationFailed
from innkeep.properties.models import HousekeepingStatus, Room
from innkeep.reservations import errors
from innkeep.reservations.lifecycle import TOPIC_ROOM_ASSIGNED, record
from innkeep.reservations.models import Reservation, RoomAssignment, Stay
from innkeep.reservations.models import ReservationStatus as S
from innkeep.reservations.rooms import mark_used, release_assignment

EXCLUSION = "reservations_room_never_double_booked"
# Statuses whose stays may hold a physical room.
HOLDS_A_ROOM = frozenset({S.PENDING_PAYMENT, S.CONFIRMED, S.CHECKED_IN})


class RoomOverlapConflict(Conflict):
    code = errors.ROOM_OVERLAP_CONFLICT
    default_message = "The room has an overlapping stay."


class RoomTypeMismatch(InnkeepError):
    status = 400
    code = errors.ROOM_TYPE_MISMATCH
    default_message = "The room is not of the stay's room type."


class RoomInactive(Conflict):
    code = errors.ROOM_INACTIVE
    default_message = "The room is not in use (inactive)."


class RoomOutOfOrder(Conflict):
    code = errors.ROOM_OUT_OF_ORDER
    default_message = "The room is out of order."


class StayNotAssignable(Conflict):
    code = errors.STAY_NOT_ASSIGNABLE
    default_message = "The reservation's status holds no room."


class RoomNotAssigned(Conflict):
    code = errors.ROOM_NOT_ASSIGNED
    default_message = "The stay has no room assigned."


class StayInHouse(Conflict):
    code = errors.STAY_IN_HOUSE
    default_message = "The guest is in the room: move them (move-room) or check them out."


class StayNotInHouse(Conflict):
    code = errors.STAY_NOT_IN_HOUSE
    default_message = "Only a checked-in stay is moved; assign a room to the others."


# --- selectors -------------------------------------------------------------------------


def reservation_by_code(*, code: str) -> Reservation:
    """The reservation with this confirmation code (any case); NotFound otherwise."""
    found = Reservation.objects.filter(code=code.upper()).first()
    if found is None:
        raise NotFound()
    return found


def stay_of(*, reservation: Reservation, stay_id: int | None) -> Stay:
    """The stay of `reservation` a request means: `stay_id`, or the only one. A reservation
    with several stays needs the id; one it does not have is refused on the field."""
    stays = list(reservation.stays.select_related("room_type").order_by("id"))
    if stay_id is None:
        if len(stays) == 1:
            return stays[0]
        ids = ", ".join(str(stay.pk) for stay in stays)
        raise ValidationFailed(
            {"stay": [f"This reservation has {len(stays)} stays: say which one ({ids})."]}
        )
    for stay in stays:
        if stay.pk == stay_id:
            return stay
    raise ValidationFailed({"stay": [f"This reservation has no stay {stay_id}."]})


def room_by_number(*, number: str) -> Room:
    room = Room.objects.select_related("room_type").filter(number=number).first()
    if room is None:
        raise ValidationFailed({"room": [f"There is no room {number}."]})
    return room


def current_assignment(*, stay: Stay) -> RoomAssignment | None:
    return (
        RoomAssignment.objects.select_related("room")
        .filter(stay=stay, released_at__isnull=True)
        .first()
    )


def conflicting_codes(*, room: Room, start: date, end: date) -> list[str]:
    """Confirmation codes of the reservations whose live assignments hold `room` on a night
    of [start, end)."""
    codes = (
        RoomAssignment.objects.filter(
            room=room, released_at__isnull=True, start__lt=end, end__gt=start
        )
        .values_list("stay__reservation__code", flat=True)
        .distinct()
    )
    return sorted(codes)


# Ready rooms first: inspected, then clean, then the ones still to be made up.
_HOUSEKEEPING_RANK = Case(
    When(housekeeping_status=HousekeepingStatus.INSPECTED, then=Value(0)),
    When(housekeeping_status=HousekeepingStatus.CLEAN, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def available_rooms(*, stay: Stay, start: date | None = None) -> QuerySet[Room]:
    """Rooms of the stay's type that could be given to it for its nights from `start`
    (default: its arrival) to its departure: active, not out of order, with no live
    assignment of another stay on those nights. Inspected and clean rooms first, then by
    number; `current` marks the room the stay holds now."""
    first = start or stay.check_in
    if not stay.check_in <= first < stay.check_out:
        raise ValidationFailed(
            {"date": [f"A night of the stay: from {stay.check_in} to before {stay.check_out}."]}
        )
    taken = RoomAssignment.objects.filter(
        room=OuterRef("pk"), released_at__isnull=True, start__lt=stay.check_out, end__gt=first
    ).exclude(stay=stay)
    holds = RoomAssignment.objects.filter(room=OuterRef("pk"), stay=stay, released_at__isnull=True)
    return (
        Room.objects.filter(room_type_id=stay.room_type_id, active=True)
        .exclude(housekeeping_status=HousekeepingStatus.OUT_OF_ORDER)
        .exclude(Exists(taken))
        .annotate(housekeeping_rank=_HOUSEKEEPING_RANK, current=Exists(holds))
        .order_by("housekeeping_rank", "number")
    )


# --- services --------------------------------------------------------------------------


def assign_room(*, stay: Stay, room: Room, actor: Any) -> RoomAssignment:
    """Give `stay` the room `room` for its nights (from the start of its current room when
    the guest is in house), replacing the room it holds, in one transaction: the previous
    assignment is released first. Assigning the room it already holds for those nights
    changes nothing; after a change of dates, it renews the assignment for the new ones."""
    with transaction.atomic():
        reservation, stay = _locked(stay)
        if reservation.status not in HOLDS_A_ROOM:
            raise StayNotAssignable(details={"status": reservation.status})
        room = _assignable(room=room, stay=stay)
        current = _locked_assignment(stay)
        in_house = reservation.status == S.CHECKED_IN
        start = current.start if current is not None and in_house else stay.check_in
        if current is not None and (current.room_id, current.start, current.end) == (
            room.pk,
            start,
            stay.check_out,
        ):
            return current
        # A different room, or the stay's dates changed since (reservation_modify): the
        # held assignment gives way to one for the stay's nights as they are now.
        if current is not None:
            release_assignment(
                assignment=current,
                reservation=reservation,
                actor=actor,
                at=timezone.now(),
                reason="replaced",
            )
        return _assign(reservation=reservation, stay=stay, room=room, start=start, actor=actor)


def unassign_room(*, stay: Stay, actor: Any) -> RoomAssignment:
    """Take the room back from a stay that has not arrived; returns the released row."""
    with transaction.atomic():
        reservation, stay = _locked(stay)
        if reservation.status == S.CHECKED_IN:
            raise StayInHouse()
        current = _locked_assignment(stay)
        if current is None:
            raise RoomNotAssigned()
        return release_assignment(
            assignment=current,
            reservation=reservation,
            actor=actor,
            at=timezone.now(),
            reason="unassigned",
        )


def move_room(*, stay: Stay, room: Room, on: date, actor: Any) -> RoomAssignment:
    """Move a checked-in guest to `room` from the night of `on` to the end of the stay. The
    current assignment ends at `on` and is released (kept as history); the new one runs
    [on, check-out). A move on the first night of the current room releases it whole. The
    room left behind becomes dirty (audited): the guest is checked in, so they have used it,
    even on the night they arrived. (A stay that has not arrived is not moved but given
    another room, assign_room, and its old room keeps its status: nobody slept in it.)"""
    with transaction.atomic():
        reservation, stay = _locked(stay)
        if reservation.status != S.CHECKED_IN:
            raise StayNotInHouse(details={"status": reservation.status})
        room = _assignable(room=room, stay=stay)
        current = _locked_assignment(stay)
        if current is None:
            raise RoomNotAssigned()
        if current.room_id == room.pk:
            raise ValidationFailed({"room": [f"The guest is already in room {room.number}."]})
        last_night = min(current.end, stay.check_out) - timedelta(days=1)
        if not current.start <= on <= last_night:
            raise ValidationFailed(
                {
                    "date": [
                        f"Move on a night the guest holds room {current.room.number}: "
                        f"from {current.start} to {last_night}."
                    ]
                }
            )
        release_assignment(
            assignment=current,
            reservation=reservation,
            actor=actor,
            at=timezone.now(),
            end=on,
            reason="moved",
        )
        moved = _assign(reservation=reservation, stay=stay, room=room, start=on, actor=actor)
        mark_used(room=current.room, actor=actor)
        return moved


# --- helpers ---------------------------------------------------------------------------


def _locked(stay: Stay) -> tuple[Reservation, Stay]:
    reservation = Reservation.objects.select_for_update().get(pk=stay.reservation_id)
    locked = (
        Stay.objects.select_for_update(of=("self",)).select_related("room_type").get(pk=stay.pk)
    )
    return reservation, locked


def _locked_assignment(stay: Stay) -> RoomAssignment | None:
    return (
        RoomAssignment.objects.select_for_update(of=("self",))
        .select_related("room")
        .filter(stay=stay, released_at__isnull=True)
        .first()
    )


def _assignable(*, room: Room, stay: Stay) -> Room:
    """The room as it is now, if it may be given to `stay`."""
    room = Room.objects.select_related("room_type").get(pk=room.pk)
    if room.room_type_id != stay.room_type_id:
        raise RoomTypeMismatch(
            f"Room {room.number} is a {room.room_type.code}; the stay is a {stay.room_type.code}.",
            details={
                "room": room.number,
                "room_type": room.room_type.code,
                "stay_room_type": stay.room_type.code,
            },
        )
    if not room.active:
        raise RoomInactive(f"Room {room.number} is not in use.", details={"room": room.number})
    if room.housekeeping_status == HousekeepingStatus.OUT_OF_ORDER:
        raise RoomOutOfOrder(f"Room {room.number} is out of order.", details={"room": room.number})
    return room


def _assign(
    *, reservation: Reservation, stay: Stay, room: Room, start: date, actor: Any
) -> RoomAssignment:
    end = stay.check_out
    try:
        # A savepoint: PostgreSQL's refusal undoes this insert only, so the conflict can be
        # explained (and the caller's transaction rolled back whole by the exception).
        with transaction.atomic():
            assignment = RoomAssignment.objects.create(stay=stay, room=room, start=start, end=end)
    except IntegrityError as exc:
        if getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None) != EXCLUSION:
            raise
        raise RoomOverlapConflict(
            f"Room {room.number} has an overlapping stay.",
            details={
                "room": room.number,
                "conflicting_codes": conflicting_codes(room=room, start=start, end=end),
            },
        ) from None
    record(
        reservation=reservation,
        action="room_assigned",
        actor=actor,
        topic=TOPIC_ROOM_ASSIGNED,
        details={"stay": stay.pk, "room": room.number, "start": start, "end": end},
        payload={"stay_id": stay.pk, "room_id": room.pk, "start": start, "end": end},
    )
    return assignment
