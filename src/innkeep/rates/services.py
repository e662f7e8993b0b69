"""Bulk changes the way revenue managers work: one request sets a price or a restriction on
a date range and a set of weekdays, across several room types, in one statement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from innkeep.core.dates import check_range, iso_weekdays
from innkeep.core.errors import ValidationFailed
from innkeep.properties.models import RoomType
from innkeep.rates.models import RatePlan

RESTRICTION_FIELDS = ("min_stay", "max_stay", "closed", "closed_to_arrival", "closed_to_departure")


def rates_bulk_set(
    *,
    rate_plan: RatePlan,
    room_types: list[RoomType],
    date_from: date,
    date_to: date,
    weekdays: list[str] | None,
    price: Decimal,
) -> int:
    """Set the price of `rate_plan` for each room type on each chosen date. Returns rows set."""
    check_range(date_from, date_to)
    days = iso_weekdays(weekdays)
    if price < 0:
        raise ValidationFailed({"price": ["Must be zero or more."]})
    offered = set(rate_plan.room_types.values_list("id", flat=True))
    strangers = [rt.code for rt in room_types if rt.id not in offered]
    if strangers:
        raise ValidationFailed(
            {"room_types": [f"{rate_plan.code} is not sold for {', '.join(strangers)}."]}
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO rates_dailyrate (rate_plan_id, room_type_id, date, price)
            SELECT %s, rt, d::date, %s
              FROM unnest(%s::bigint[]) AS rt
             CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') AS d
             WHERE EXTRACT(ISODOW FROM d)::int = ANY(%s)
            ON CONFLICT (rate_plan_id, room_type_id, date) DO UPDATE SET price = EXCLUDED.price
            """,
            [rate_plan.id, price, [rt.id for rt in room_types], date_from, date_to, days],
        )
        return cursor.rowcount


def restrictions_bulk_set(
    *,
    room_types: list[RoomType],
    rate_plan: RatePlan | None,
    date_from: date,
    date_to: date,
    weekdays: list[str] | None,
    changes: dict[str, Any],
) -> int:
    """Set the given restriction fields (others keep their value, or their default on a new
    row) for each room type on each chosen date. Returns rows set."""
    check_range(date_from, date_to)
    days = iso_weekdays(weekdays)
    fields = [f for f in RESTRICTION_FIELDS if f in changes]
    if not fields:
        raise ValidationFailed({"non_field_errors": ["Give at least one restriction to set."]})
    min_stay, max_stay = changes.get("min_stay"), changes.get("max_stay")
    if min_stay is not None and max_stay is not None and max_stay < min_stay:
        raise ValidationFailed({"max_stay": ["Must not be below min_stay."]})
    defaults = {
        "min_stay": None,
        "max_stay": None,
        "closed": False,
        "closed_to_arrival": False,
        "closed_to_departure": False,
    }
    values = {**defaults, **{f: changes[f] for f in fields}}
    columns = ", ".join(RESTRICTION_FIELDS)
    placeholders = ", ".join(["%s"] * len(RESTRICTION_FIELDS))
    updates = ", ".join(f"{f} = EXCLUDED.{f}" for f in fields)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO rates_restriction (room_type_id, rate_plan_id, date, {columns})
            SELECT rt, %s, d::date, {placeholders}
              FROM unnest(%s::bigint[]) AS rt
             CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') AS d
             WHERE EXTRACT(ISODOW FROM d)::int = ANY(%s)
            ON CONFLICT (room_type_id, rate_plan_id, date) DO UPDATE SET {updates}
            """,  # noqa: S608 (column names come from RESTRICTION_FIELDS)
            [
                rate_plan.id if rate_plan else None,
                *[values[f] for f in RESTRICTION_FIELDS],
                [rt.id for rt in room_types],
                date_from,
                date_to,
                days,
            ],
        )
        return cursor.rowcount
