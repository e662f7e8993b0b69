"""Physical rooms of a reservation's stays (assignment lives here)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from innkeep.reservations.lifecycle import TOPIC_ROOM_RELEASED, record
from innkeep.reservations.models import Reservation, RoomAssignment


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
            changed = ["released_at"]
            if on is not None and assignment.start < on < assignment.end:
                assignment.end = on
                changed.append("end")
            assignment.released_at = now
            assignment.save(update_fields=changed)
            record(
                reservation=reservation,
                action="room_released",
                actor=actor,
                topic=TOPIC_ROOM_RELEASED,
                details={"stay": assignment.stay_id, "room": assignment.room.number},
                payload={"stay_id": assignment.stay_id, "room_id": assignment.room_id},
            )
            freed += 1
    return freed
