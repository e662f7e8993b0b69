"""Rooms left per room type for a stay, as the availability search and quotes read them.

Each process keeps a copy of the calendar's free rooms (total - sold - blocked) by calendar
month, under one version per hotel that every inventory write moves
(`inventory_changed()`, called by each service that writes the calendar, once its statement
has run; see `innkeep.core.versioned_cache` for when the version moves). Between two
writes, every search is answered from memory; after one, the next search of each process
reads the month again (one query). Holds never rely on this copy: they take rooms with a
conditional UPDATE and PostgreSQL's CHECK has the last word."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from django.db import connection

from innkeep.core.dates import month_spans, next_month
from innkeep.core.versioned_cache import Copies, VersionedCache

# Up to two years of months for a few dozen busy hotels; a month is ~20 short lists.
INVENTORY: VersionedCache[Any] = VersionedCache("inventory", max_entries=2048)


@dataclass(frozen=True)
class InventoryMonth:
    first: date
    # room type -> free rooms per day of the month (index = day - 1); None: no calendar row.
    # Read-only: every thread of the process reads the same copy.
    free: Mapping[int, tuple[int | None, ...]]


def inventory_changed() -> None:
    """The hotel's calendar changed: every process reads it again."""
    INVENTORY.changed()


def inventory_month(first: date, copies: Copies[Any] | None = None) -> InventoryMonth:
    return (copies or INVENTORY.current()).get(first, lambda: _load_month(first))


def _load_month(first: date) -> InventoryMonth:
    end = next_month(first)
    days = (end - first).days
    free: dict[int, list[int | None]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT room_type_id, date, total - sold - blocked FROM inventory_inventoryday "
            "WHERE date >= %s AND date < %s",
            [first, end],
        )
        for room_type_id, day, units in cursor.fetchall():
            if room_type_id not in free:
                free[room_type_id] = [None] * days
            free[room_type_id][day.day - 1] = units
    return InventoryMonth(
        first=first,
        free=MappingProxyType({room_type_id: tuple(days) for room_type_id, days in free.items()}),
    )


def free_rooms(
    *,
    room_type_ids: list[int],
    check_in: date,
    check_out: date,
    copies: Copies[Any] | None = None,
) -> dict[int, int]:
    """Rooms left per room type on every night of the stay (0 when a night has no calendar
    row: it cannot be sold). `copies`: INVENTORY's, when the caller read its version."""
    copies = copies or INVENTORY.current()  # one version for every month of the stay
    lowest: dict[int, int] = {}
    unsellable: set[int] = set()
    for first, start, end in month_spans(check_in, check_out):
        month = inventory_month(first, copies)
        for room_type_id in room_type_ids:
            days = month.free.get(room_type_id)
            part = days[start:end] if days is not None else [None]
            if None in part:
                unsellable.add(room_type_id)
                continue
            least: int = min(part)  # type: ignore[type-var,assignment]
            lowest[room_type_id] = min(lowest.get(room_type_id, least), least)
    return {
        room_type_id: 0 if room_type_id in unsellable else max(lowest.get(room_type_id, 0), 0)
        for room_type_id in room_type_ids
    }
