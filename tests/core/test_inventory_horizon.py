"""`inventory.extend_horizon` through a real worker (tests/celery_worker.py): beat's fan-out
keeps every live hotel's calendar filled 730 nights ahead of *its own* today, in its own
schema, and a second run adds nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from celery.result import AsyncResult
from django.db.models import Count, Max, Min, Sum
from django_tenants.utils import schema_context

from innkeep.core import clock
from innkeep.inventory.models import InventoryDay
from innkeep.inventory.tasks import extend_horizon
from innkeep.properties.models import HousekeepingStatus, Room, RoomType
from innkeep.tenancy.services import hotel_signup
from innkeep.tenancy.tasks import fan_out
from tests.factories import signup_data

TIMEOUT = 20
# 2026-03-11 00:30 on Kiritimati (UTC+14), 2026-03-09 23:30 in Pago Pago (UTC-11)
NOW = datetime(2026, 3, 10, 10, 30, tzinfo=UTC)


def _signup(committed: list[str], subdomain: str, timezone: str) -> str:
    hotel = hotel_signup(
        **signup_data(
            hotel_name=subdomain.title(),
            subdomain=subdomain,
            owner_email=f"o@{subdomain}.test",
            timezone=timezone,
        )
    ).hotel
    committed.append(subdomain)
    return hotel.schema_name


def _rooms(code: str, sellable: int, *, out_of_order: int = 0) -> RoomType:
    room_type = RoomType.objects.create(code=code, name=code.title())
    for n in range(sellable + out_of_order):
        status = HousekeepingStatus.OUT_OF_ORDER if n >= sellable else HousekeepingStatus.CLEAN
        Room.objects.create(number=f"{code}{n}", room_type=room_type, housekeeping_status=status)
    return room_type


def calendars(schema: str) -> dict[str, tuple[int, date, date, int, int]]:
    """room type code -> (nights, first, last, sum of totals, sum of sold)."""
    with schema_context(schema):
        rows = (
            InventoryDay.objects.values("room_type__code")
            .annotate(
                nights=Count("id"),
                first=Min("date"),
                last=Max("date"),
                totals=Sum("total"),
                sold=Sum("sold"),
            )
            .order_by("room_type__code")
        )
        return {
            r["room_type__code"]: (r["nights"], r["first"], r["last"], r["totals"], r["sold"])
            for r in rows
        }


def test_fan_out_extends_each_hotels_calendar_in_its_own_schema(
    committed, celery_worker, monkeypatch, hotel_a, hotel_b
):
    monkeypatch.setattr(clock, "now", lambda: NOW)  # the worker thread reads the same clock
    east = _signup(committed, "eastmost", "Pacific/Kiritimati")
    west = _signup(committed, "westmost", "Pacific/Pago_Pago")
    with schema_context(east):
        _rooms("KING", 3)
    with schema_context(west):
        twin = _rooms("TWIN", 2)
        _rooms("SUITE", 1, out_of_order=1)
        # a night already in the calendar, with a room sold: left as it is
        InventoryDay.objects.create(room_type=twin, date=date(2026, 3, 9), total=2, sold=1)

    sent = fan_out.delay("inventory.extend_horizon").get(timeout=TIMEOUT)

    assert sorted(sent) == sorted([hotel_a.schema, hotel_b.schema, east, west])
    added = {schema: AsyncResult(task_id).get(timeout=TIMEOUT) for schema, task_id in sent.items()}
    assert (added[east], added[west]) == (731, 731 + 730)
    assert calendars(east) == {
        "KING": (731, date(2026, 3, 11), date(2028, 3, 10), 3 * 731, 0),
    }
    assert calendars(west) == {
        "SUITE": (731, date(2026, 3, 9), date(2028, 3, 8), 1 * 731, 0),
        "TWIN": (731, date(2026, 3, 9), date(2028, 3, 8), 2 * 731, 1),
    }

    again = fan_out.delay("inventory.extend_horizon").get(timeout=TIMEOUT)
    assert {schema: AsyncResult(again[schema]).get(timeout=TIMEOUT) for schema in (east, west)} == {
        east: 0,
        west: 0,
    }
    assert calendars(east)["KING"][0] == calendars(west)["TWIN"][0] == 731


def test_the_horizon_task_is_a_hotel_task_sent_in_the_hotels_schema(
    committed, celery_worker, monkeypatch
):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    east = _signup(committed, "eastmost", "Pacific/Kiritimati")
    with schema_context(east):
        _rooms("KING", 1)
        result = extend_horizon.delay()

    assert result.get(timeout=TIMEOUT) == 731
    assert calendars(east)["KING"][:3] == (731, date(2026, 3, 11), date(2028, 3, 10))
