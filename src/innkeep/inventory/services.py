"""The inventory calendar: one row per room type per night.

Holds and releases are one conditional UPDATE over the stay's nights that locks them in
date order; it changes all the nights or none. Totals follow the rooms, and never drop
below what is already sold and blocked (PostgreSQL's CHECK is the last word)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction

from innkeep.core.audit import audit_each
from innkeep.core.dates import check_range, iso_weekdays
from innkeep.core.errors import Conflict, InnkeepError, ValidationFailed
from innkeep.inventory import errors
from innkeep.inventory import errors as date_errors
from innkeep.inventory.free_rooms import inventory_changed
from innkeep.properties.models import RoomType
from innkeep.properties.selectors import distinct_room_types, hotel_today, sellable_rooms

HORIZON_DAYS = 730


def check_on_sale(*, date_from: date, date_to: date) -> None:
    """A write over a range of nights (prices, restrictions, blocks) keeps to the nights on
    sale, the bounds of a search: from the hotel's today to the last night of the horizon.
    Past nights are sold no more, nights after the horizon not yet (the calendar has no row
    for them), and a range out to year 1 or 9999 is a mistake. 400 DATE_IN_PAST or
    DATE_TOO_FAR, as for a search; check_range's rules come first."""
    check_range(date_from, date_to)
    today = hotel_today()
    if date_from < today:
        raise InnkeepError(
            f"date_from is in the past (today is {today} at the hotel).",
            code=date_errors.DATE_IN_PAST,
            details={"today": str(today)},
        )
    last_night = today + timedelta(days=HORIZON_DAYS)
    if date_to > last_night:
        raise InnkeepError(
            f"The hotel sells nights up to {last_night} ({HORIZON_DAYS} days ahead).",
            code=date_errors.DATE_TOO_FAR,
            details={"last_night": str(last_night)},
        )


class NoAvailability(Conflict):
    code = errors.NO_AVAILABILITY
    default_message = "No room of this type is left for these dates."


class InventoryConflict(Conflict):
    code = errors.INVENTORY_CONFLICT
    default_message = "The change would leave fewer rooms than are sold and blocked."


def inventory_extend_horizon(
    *, days: int = HORIZON_DAYS, room_type_ids: Iterable[int] | None = None
) -> int:
    """Make sure every room type has a row for each night from today to today + days.
    Returns how many rows were added. Existing rows are left alone."""
    start = hotel_today()
    totals = sellable_rooms()
    if room_type_ids is not None:
        wanted = set(room_type_ids)
        totals = {k: v for k, v in totals.items() if k in wanted}
    if not totals:
        return 0
    ids, counts = zip(*totals.items(), strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO inventory_inventoryday (room_type_id, date, total, sold, blocked)
            SELECT rt.id, d::date, rt.total, 0, 0
              FROM unnest(%s::bigint[], %s::int[]) AS rt(id, total)
             CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') AS d
            ON CONFLICT (room_type_id, date) DO NOTHING
            """,
            [list(ids), list(counts), start, start + timedelta(days=days)],
        )
        if cursor.rowcount:
            inventory_changed()
        return cursor.rowcount


def inventory_sync_totals(*, room_type_ids: Iterable[int]) -> None:
    """Set totals from today on to the rooms that can be sold now. Refuses (409) when a
    night would have fewer rooms than sold + blocked, naming those nights."""
    totals = {k: v for k, v in sellable_rooms().items() if k in set(room_type_ids)}
    if not totals:
        return
    ids, counts = zip(*totals.items(), strict=True)
    today = hotel_today()
    with transaction.atomic(), connection.cursor() as cursor:
        # Lock the nights first (in date order, like holds): no booking can slip in
        # between the check and the update.
        cursor.execute(
            """SELECT id FROM inventory_inventoryday
                WHERE room_type_id = ANY(%s) AND date >= %s ORDER BY date FOR UPDATE""",
            [list(ids), today],
        )
        cursor.execute(
            """
            SELECT d.room_type_id, d.date::text, d.sold + d.blocked, rt.total
              FROM inventory_inventoryday d
              JOIN unnest(%s::bigint[], %s::int[]) AS rt(id, total) ON rt.id = d.room_type_id
             WHERE d.date >= %s AND d.sold + d.blocked > rt.total
             ORDER BY d.date LIMIT 50
            """,
            [list(ids), list(counts), today],
        )
        _refuse_short_nights(cursor, count="taken")
        try:
            cursor.execute(
                """
                UPDATE inventory_inventoryday d SET total = rt.total
                  FROM unnest(%s::bigint[], %s::int[]) AS rt(id, total)
                 WHERE rt.id = d.room_type_id AND d.date >= %s AND d.total <> rt.total
                """,
                [list(ids), list(counts), today],
            )
        except IntegrityError as exc:
            if getattr(exc.__cause__, "sqlstate", None) == "23514":
                # a booking slipped in: the calendar's CHECK has the last word
                raise InventoryConflict() from None
            raise
        inventory_changed()


def _refuse_short_nights(cursor: Any, *, count: str) -> None:
    """409 INVENTORY_CONFLICT naming the nights that the query just run found short, from
    its rows (room type id, date, the `count` that does not fit, total)."""
    short = cursor.fetchall()
    if short:
        raise InventoryConflict(
            details={
                "nights": [
                    {"room_type_id": rt, "date": day, count: number, "total": total}
                    for rt, day, number, total in short
                ]
            }
        )


def _nights_update(sql_set: str, condition: str) -> str:
    # Lock the nights in date order first (no deadlock between two bookings), then change
    # them only if every one of them passes the condition.
    return f"""
        UPDATE inventory_inventoryday SET {sql_set}
         WHERE id IN (
               SELECT id FROM inventory_inventoryday
                WHERE room_type_id = %(room_type)s AND date >= %(check_in)s
                  AND date < %(check_out)s
                ORDER BY date FOR UPDATE)
           AND {condition}
    """  # noqa: S608 (constant SQL fragments)


def _check_stay(check_in: date, check_out: date, rooms: int) -> None:
    if check_out <= check_in:
        raise ValidationFailed({"check_out": ["Must be after check_in."]})
    if rooms < 1:
        raise ValidationFailed({"rooms": ["Must be 1 or more."]})


def inventory_lock(*, stays: Iterable[tuple[int, date, date]]) -> None:
    """Lock the calendar nights of these (room type id, check-in, check-out) stays in one
    statement, in (room type, date) order: the order holds and releases take them in (room
    types in id order, each stay's nights in date order). A change that will hold some
    nights and release others (a stay moved to another room type or other dates) takes
    them all here first, so two such changes crossing each other, or a change and a
    booking, wait in line instead of in a circle (a deadlock PostgreSQL would break by
    failing one of them)."""
    wanted = sorted(set(stays))
    if not wanted:
        return
    room_types, starts, ends = (list(column) for column in zip(*wanted, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT d.id FROM inventory_inventoryday d
             WHERE EXISTS (
                   SELECT 1 FROM unnest(%s::bigint[], %s::date[], %s::date[])
                          AS s(room_type_id, check_in, check_out)
                    WHERE s.room_type_id = d.room_type_id
                      AND d.date >= s.check_in AND d.date < s.check_out)
             ORDER BY d.room_type_id, d.date
               FOR UPDATE OF d
            """,
            [room_types, starts, ends],
        )


def inventory_hold(*, room_type_id: int, check_in: date, check_out: date, rooms: int = 1) -> None:
    """Take `rooms` rooms for every night of the stay, or none (NO_AVAILABILITY)."""
    _change_every_night(
        "sold = sold + %(n)s",
        "sold + blocked + %(n)s <= total",
        refused=NoAvailability(details={"room_type_id": room_type_id}),
        room_type_id=room_type_id,
        check_in=check_in,
        check_out=check_out,
        rooms=rooms,
    )


def inventory_release(
    *, room_type_id: int, check_in: date, check_out: date, rooms: int = 1
) -> None:
    _change_every_night(
        "sold = sold - %(n)s",
        "sold >= %(n)s",
        refused=InventoryConflict("Releasing more rooms than were sold."),
        room_type_id=room_type_id,
        check_in=check_in,
        check_out=check_out,
        rooms=rooms,
    )


def _change_every_night(
    sql_set: str,
    condition: str,
    *,
    refused: InnkeepError,
    room_type_id: int,
    check_in: date,
    check_out: date,
    rooms: int,
) -> None:
    """One conditional UPDATE of the stay's nights (`rooms` is %(n)s): all of them change,
    or none and `refused` is raised."""
    _check_stay(check_in, check_out, rooms)
    params: dict[str, Any] = {
        "room_type": room_type_id,
        "check_in": check_in,
        "check_out": check_out,
        "n": rooms,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_nights_update(sql_set, condition), params)
        if cursor.rowcount != (check_out - check_in).days:
            raise refused
        inventory_changed()


def inventory_set_blocked(
    *,
    room_type_ids: list[int],
    date_from: date,
    date_to: date,
    weekdays: list[str] | None,
    blocked: int,
) -> int:
    """Hold `blocked` rooms back from sale on the chosen nights. All or nothing: refuses
    (409) when a night has fewer unsold rooms than that, naming the nights."""
    check_on_sale(date_from=date_from, date_to=date_to)
    days = iso_weekdays(weekdays)
    params: list[Any] = [room_type_ids, date_from, date_to, days]
    where = """room_type_id = ANY(%s) AND date BETWEEN %s AND %s
               AND EXTRACT(ISODOW FROM date)::int = ANY(%s)"""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM inventory_inventoryday WHERE {where} ORDER BY date FOR UPDATE",  # noqa: S608
            params,
        )
        cursor.execute(
            f"""SELECT room_type_id, date::text, sold, total FROM inventory_inventoryday
                 WHERE {where} AND sold + %s > total ORDER BY date LIMIT 50""",  # noqa: S608
            [*params, blocked],
        )
        _refuse_short_nights(cursor, count="sold")
        try:
            cursor.execute(
                f"UPDATE inventory_inventoryday SET blocked = %s WHERE {where}",  # noqa: S608
                [blocked, *params],
            )
        except IntegrityError:  # a booking slipped in between: the CHECK has the last word
            raise InventoryConflict() from None
        inventory_changed()
        return cursor.rowcount


def inventory_block_bulk(
    *,
    actor: Any,
    room_types: list[RoomType],
    date_from: date,
    date_to: date,
    weekdays: list[str] | None = None,
    blocked: int,
) -> int:
    """`inventory_set_blocked` for a staff member: the same change, with one audit row per
    room type. All or nothing (409 INVENTORY_CONFLICT naming the short nights)."""
    room_types = distinct_room_types(room_types)
    if blocked < 0:
        raise ValidationFailed({"blocked": ["Must be zero or more."]})
    with transaction.atomic():
        updated = inventory_set_blocked(
            room_type_ids=[rt.pk for rt in room_types],
            date_from=date_from,
            date_to=date_to,
            weekdays=weekdays,
            blocked=blocked,
        )
        audit_each(
            actor=actor,
            action="inventory.blocked",
            targets=room_types,
            data={
                "date_from": date_from,
                "date_to": date_to,
                "weekdays": weekdays,
                "blocked": blocked,
            },
        )
    return updated
