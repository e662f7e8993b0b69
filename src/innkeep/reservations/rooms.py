"""Physical rooms of a reservation's stays: releasing them (cancel, no-show, check-out) and
the one step every release shares, which reservations/assignment.py (assign, unassign, move)
uses too; and what a guest leaving a room does to it (check-out, a move)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from innkeep.properties.models import HousekeepingStatus, Room
from innkeep.properties.services import room_set_housekeeping
from innkeep.reservations.lifecycle import TOPIC_ROOM_RELEASED, record
from innkeep.reservations.models import Reservation, RoomAssignment


def release_assignment(
    *,
    assignment: RoomAssignment,
    reservation: Reservation,
    actor: Any,
    at: datetime,
    end: date | None = None,
    reason: str = "",
) -> RoomAssignment:
    """Release one live (locked) assignment: `released_at` set, the row kept as history, the
    trail and the outbox (`room.released`) written. With `end` strictly inside its nights, it
    is cut back to end there first, so the history shows the nights actually used."""
    changed = ["released_at"]
    if end is not None and assignment.start < end < assignment.end:
        assignment.end = end
        changed.append("end")
    assignment.released_at = at
    assignment.save(update_fields=changed)
    details: dict[str, Any] = {"stay": assignment.stay_id, "room": assignment.room.number}
    if reason:
        details["reason"] = reason
    record(
        reservation=reservation,
        action="room_released",
        actor=actor,
        topic=TOPIC_ROOM_RELEASED,
        details=details,
        payload={"stay_id": assignment.stay_id, "room_id": assignment.room_id},
    )
    return assignment


def release_rooms(*, reservation: Reservation, actor: Any, on: date | None = None) -> int:
    """Free the rooms of every stay of `reservation` (cancelled, no-show, checked out).
    With `on` (an early check-out), a live assignment that runs past it is cut back to end
    there first, so the trail shows the nights actually used. Returns how many were freed."""
    freed = 0
    now = timezone.now()
    with transaction.atomic():
        live = (
            RoomAssignment.objects.select_for_update()
            .filter(stay__reservation=reservation, released_at__isnull=True)
            .select_related("room")
        )
        for assignment in live:
            release_assignment(
                assignment=assignment, reservation=reservation, actor=actor, at=now, end=on
            )
            freed += 1
    return freed


def mark_used(*, room: Room, actor: Any) -> None:
    """A guest slept in `room` and left it (checked out, or moved to another room): it is to
    be made up again, dirty, through the housekeeping service (audited). An out-of-order
    room stays out of order: the guest leaving does not repair it."""
    if room.housekeeping_status != HousekeepingStatus.OUT_OF_ORDER:
        room_set_housekeeping(actor=actor, room=room, status=HousekeepingStatus.DIRTY)
