"""The booking benchmark's competitor, for the bench only: "lock and fail", as one seed
project holds rooms. Never part of innkeep.

It reads the stay's nights with `SELECT ... FOR UPDATE NOWAIT`, checks them in Python,
adds to `sold`, and refuses the booking outright when another booking holds the lock,
though rooms may well be left; innkeep's hold (innkeep.inventory.services.inventory_hold)
waits for the lock instead, then adds to `sold` only if every night still has a room, in
one conditional UPDATE.

gunicorn serves it as `tests.benchmarks.lock_and_fail_wsgi:application`: innkeep's own
WSGI application, with `innkeep.reservations.booking.hold_rooms` (the step of
`reservation_create` that holds the nights) replaced by `nowait_hold_rooms`. Everything
else about a booking (view, validation, pricing, writes, trail, outbox, answer) is the same
code. Importing this module changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from django.db import OperationalError
from django.db.models import F

from innkeep.core.errors import Conflict
from innkeep.inventory.free_rooms import inventory_changed
from innkeep.inventory.models import InventoryDay
from innkeep.inventory.services import NoAvailability
from innkeep.properties.models import RoomType

INVENTORY_LOCKED = "INVENTORY_LOCKED"  # the competitor's refusal; not one of innkeep's codes


class InventoryLocked(Conflict):
    code = INVENTORY_LOCKED
    default_message = "Another booking is holding these nights: try again."


def nowait_hold_rooms(stays: Sequence[tuple[RoomType, date, date]]) -> None:
    """`hold_rooms`, the lock-and-fail way."""
    wanted = Counter((rt.pk, rt.code, start, end) for rt, start, end in stays)
    for (room_type_id, code, start, end), count in sorted(wanted.items()):
        nights = InventoryDay.objects.filter(
            room_type_id=room_type_id, date__gte=start, date__lt=end
        ).order_by("date")
        try:
            days = list(nights.select_for_update(nowait=True))
        except OperationalError:  # lock_not_available: someone else is booking these nights
            raise InventoryLocked(details={"room_type": code}) from None
        if len(days) != (end - start).days or any(
            day.sold + day.blocked + count > day.total for day in days
        ):
            raise NoAvailability(
                details={"room_type": code, "check_in": str(start), "check_out": str(end)}
            )
        InventoryDay.objects.filter(pk__in=[day.pk for day in days]).update(sold=F("sold") + count)
        inventory_changed()
