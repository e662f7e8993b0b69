"""Recount the inventory calendar from the reservations and the rooms (`innkeep check_inventory`).

The calendar keeps running counts: a booking adds to `sold`, a cancellation takes away, a
change of rooms moves `total`. This module recomputes what those counts should be and lists
the nights where the stored ones differ:

- expected `sold`: the stays of reservations whose status is in OCCUPYING_STATUSES, counted on
  each night `check_in <= night < check_out`;
- expected `total`: the room type's sellable rooms (active, not out of order). Checked from
  the hotel's today on only: past totals are history (a room out of order today says nothing
  about last month), and the services never change them either;
- missing nights: every room type has a row for every night up to the end of the calendar
  (its last night over all room types). Past nights are missing only where a stay occupies
  them.

The whole recount is one SQL statement, whatever the number of stays: each stay is two
changes of the count (+1 on its first night, -1 on its check-out day), and a running sum
over each room type's nights turns them into the sold count of every night. That reads each
stay once instead of once per night; it also keeps the planner's estimate low, where the
nights expanded with generate_series (guessed at 1,000 a stay) made it JIT-compile the plan,
which took longer than the recount itself (345 of 521 ms on the bench hotel).

With `fix=True` it runs in one transaction that first locks the calendar against writes
(SHARE ROW EXCLUSIVE: searches still read, holds and releases wait), so no booking can slip
between the recount and the repair. Each drifted night gets the recounted `sold` and the
rooms' `total`, except where PostgreSQL's CHECK (sold + blocked <= total) would refuse: then
the total is left (sold fixed, total unfixable) or, if even the recounted sold does not fit,
the night is left as it is (unfixable). Those need a person: an overbooking or a block to
lift.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from django.db import connection, transaction

from innkeep.inventory.free_rooms import inventory_changed
from innkeep.properties.selectors import hotel_today, sellable_rooms
from innkeep.reservations.models import OCCUPYING_STATUSES


class Outcome(StrEnum):
    """What `fix=True` did to a drifted night."""

    FIXED = "fixed"
    CREATED = "created"
    SOLD_FIXED_TOTAL_UNFIXABLE = "sold fixed, total unfixable"
    UNFIXABLE = "unfixable"


@dataclass(frozen=True)
class Drift:
    """One night of one room type whose stored counts differ from the recount.
    `stored_*` and `blocked` are None when the night is missing from the calendar;
    `expected_total` is None when the total was not checked (a past night in the calendar)."""

    room_type_id: int
    room_type_code: str
    date: date
    stored_sold: int | None
    expected_sold: int
    stored_total: int | None
    expected_total: int | None
    blocked: int | None
    outcome: Outcome | None = None  # set by a fix

    @property
    def missing(self) -> bool:
        return self.stored_sold is None

    @property
    def sold_drift(self) -> bool:
        return not self.missing and self.stored_sold != self.expected_sold

    @property
    def total_drift(self) -> bool:
        return (
            not self.missing
            and self.expected_total is not None
            and self.stored_total != self.expected_total
        )

    @property
    def kind(self) -> str:
        """ "missing", "sold", "total" or "sold+total"."""
        if self.missing:
            return "missing"
        return "+".join(
            name
            for name, drifted in (("sold", self.sold_drift), ("total", self.total_drift))
            if drifted
        )


@dataclass(frozen=True)
class Recount:
    """The result for one hotel: the nights checked (`start`..`end`, None when there is no
    calendar from `start` on) and the drifted ones, in date then room type order."""

    today: date
    start: date
    end: date | None
    drifts: list[Drift]

    @property
    def unfixed(self) -> list[Drift]:
        """Drifts still in the calendar: all of them without a fix."""
        return [d for d in self.drifts if d.outcome not in (Outcome.FIXED, Outcome.CREATED)]


RECOUNT_SQL = """
    WITH rooms AS (
        SELECT * FROM unnest(%(rt_ids)s::bigint[], %(rt_rooms)s::int[]) AS r(room_type_id, rooms)
    ),
    nights AS (
        SELECT r.room_type_id, r.rooms, %(start)s::date + g AS night
          FROM rooms r
         CROSS JOIN generate_series(0, %(end)s::date - %(start)s::date) AS g
    ),
    changes AS (
        SELECT s.room_type_id, e.night, sum(e.delta)::int AS delta
          FROM reservations_stay s
          JOIN reservations_reservation res ON res.id = s.reservation_id
         CROSS JOIN LATERAL (VALUES (GREATEST(s.check_in, %(start)s::date), 1),
                                    (s.check_out, -1)) AS e(night, delta)
         WHERE res.status = ANY(%(statuses)s)
           AND s.check_out > %(start)s::date AND s.check_in <= %(end)s::date
           AND e.night <= %(end)s::date
         GROUP BY 1, 2
    ),
    counted AS (
        SELECT n.room_type_id, n.rooms, n.night,
               (sum(COALESCE(c.delta, 0))
                    OVER (PARTITION BY n.room_type_id ORDER BY n.night))::int AS sold
          FROM nights n
          LEFT JOIN changes c ON c.room_type_id = n.room_type_id AND c.night = n.night
    )
    SELECT n.room_type_id, rt.code, n.night, d.sold, d.total, d.blocked, n.sold, n.rooms
      FROM counted n
      JOIN properties_roomtype rt ON rt.id = n.room_type_id
      LEFT JOIN inventory_inventoryday d ON d.room_type_id = n.room_type_id AND d.date = n.night
     WHERE CASE WHEN d.id IS NULL THEN n.night >= %(today)s::date OR n.sold > 0
                ELSE d.sold <> n.sold
                     OR (n.night >= %(today)s::date AND d.total <> n.rooms)
           END
     ORDER BY n.night, rt.sort_order, rt.code
"""


def recount_inventory(*, start: date | None = None, fix: bool = False) -> Recount:
    """Recount the current hotel's calendar from `start` (default: the hotel's today) to its
    last night. Returns the drifted nights; with `fix`, repaired where the CHECK allows and
    each marked with its outcome. Runs in the schema active on the connection."""
    today = hotel_today()
    start = today if start is None else start
    if not fix:
        return _recount(today=today, start=start)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE inventory_inventoryday IN SHARE ROW EXCLUSIVE MODE")
        found = _recount(today=today, start=start)
        return replace(found, drifts=_repair(found.drifts))


def _recount(*, today: date, start: date) -> Recount:
    rooms = sellable_rooms()
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(date) FROM inventory_inventoryday")
        (end,) = cursor.fetchone()
        if end is None or end < start or not rooms:
            return Recount(today=today, start=start, end=None, drifts=[])
        ids, counts = zip(*rooms.items(), strict=True)
        cursor.execute(
            RECOUNT_SQL,
            {
                "rt_ids": list(ids),
                "rt_rooms": list(counts),
                "start": start,
                "end": end,
                "today": today,
                "statuses": [str(status) for status in OCCUPYING_STATUSES],
            },
        )
        drifts = [
            Drift(
                room_type_id=rt_id,
                room_type_code=code,
                date=night,
                stored_sold=sold,
                expected_sold=expected_sold,
                stored_total=total,
                # past nights in the calendar: total not checked
                expected_total=rooms_now if sold is None or night >= today else None,
                blocked=blocked,
            )
            for rt_id, code, night, sold, total, blocked, expected_sold, rooms_now in (
                cursor.fetchall()
            )
        ]
    return Recount(today=today, start=start, end=end, drifts=drifts)


def _repair(drifts: list[Drift]) -> list[Drift]:
    """Write the fixable part of each drift (inside the caller's locked transaction)."""
    updates: list[tuple[int, date, int, int]] = []
    inserts: list[tuple[int, date, int, int]] = []
    repaired: list[Drift] = []
    for drift in drifts:
        outcome, row = _decide(drift)
        repaired.append(replace(drift, outcome=outcome))
        if row is not None:
            (inserts if drift.missing else updates).append(row)
    with connection.cursor() as cursor:
        if updates:
            cursor.execute(
                """
                UPDATE inventory_inventoryday d SET sold = f.sold, total = f.total
                  FROM unnest(%s::bigint[], %s::date[], %s::int[], %s::int[])
                       AS f(room_type_id, date, sold, total)
                 WHERE d.room_type_id = f.room_type_id AND d.date = f.date
                """,
                [list(column) for column in zip(*updates, strict=True)],
            )
        if inserts:
            cursor.execute(
                """
                INSERT INTO inventory_inventoryday (room_type_id, date, sold, total, blocked)
                SELECT f.room_type_id, f.date, f.sold, f.total, 0
                  FROM unnest(%s::bigint[], %s::date[], %s::int[], %s::int[])
                       AS f(room_type_id, date, sold, total)
                """,
                [list(column) for column in zip(*inserts, strict=True)],
            )
    if updates or inserts:
        inventory_changed()
    return repaired


def _decide(drift: Drift) -> tuple[Outcome, tuple[int, date, int, int] | None]:
    """The outcome for one drift and the (room type, date, sold, total) to write, if any."""
    sold = drift.expected_sold
    if drift.stored_total is None or drift.blocked is None:  # missing night: create it
        rooms = drift.expected_total or 0
        if sold > rooms:
            return Outcome.UNFIXABLE, None
        return Outcome.CREATED, (drift.room_type_id, drift.date, sold, rooms)
    taken = sold + drift.blocked
    if drift.total_drift and drift.expected_total is not None and taken <= drift.expected_total:
        return Outcome.FIXED, (drift.room_type_id, drift.date, sold, drift.expected_total)
    if taken > drift.stored_total or not drift.sold_drift:
        return Outcome.UNFIXABLE, None
    # the stored total holds the recounted sold: fix that, keep the total
    outcome = Outcome.SOLD_FIXED_TOTAL_UNFIXABLE if drift.total_drift else Outcome.FIXED
    return outcome, (drift.room_type_id, drift.date, sold, drift.stored_total)
