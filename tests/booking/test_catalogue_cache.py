"""The catalogue, prices, restrictions and rooms left that a search reads are kept per
process, and every change moves their version."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest
import redis
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from innkeep.core import versioned_cache
from innkeep.inventory.free_rooms import INVENTORY, inventory_changed
from innkeep.inventory.models import InventoryDay
from innkeep.inventory.services import inventory_hold, inventory_release, inventory_set_blocked
from innkeep.properties.models import RoomType
from innkeep.rates.availability import search
from innkeep.rates.catalogue import OFFER, catalogue_changed, forget_all
from innkeep.rates.models import DailyRate
from innkeep.rates.services import rates_bulk_set, restrictions_bulk_set
from tests.booking.conftest import d
from tests.booking.conftest import room_type_names as names

pytestmark = pytest.mark.django_db

CATALOGUE_QUERIES = 6  # room types, photos, plans, plans' room types, profile, taxes
MONTH_QUERIES = 2  # a month of prices, a month of restrictions
INVENTORY_QUERIES = 1  # a month of rooms left
EVERYTHING = CATALOGUE_QUERIES + MONTH_QUERIES + INVENTORY_QUERIES


def double_bar(hotel, *, nights: int = 1):  # type: ignore[no-untyped-def]
    with tenant_context(hotel):
        result = search(check_in=d(1), check_out=d(1 + nights), adults=2, children=0)
    offer = next(o for o in result.rooms if o.room_type.code == "DBL")
    return offer, next(p for p in offer.plans if p.rate_plan.code == "BAR")


def nightly(plan) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(night.date, night.price) for night in plan.nightly]


def reprice_double_bar(catalogue, price: str) -> None:  # type: ignore[no-untyped-def]
    """DBL / BAR on d(1) at `price`, as a revenue manager would set it (inside the hotel)."""
    rates_bulk_set(
        rate_plan=catalogue.bar,
        room_types=[catalogue.dbl],
        date_from=d(1),
        date_to=d(1),
        weekdays=None,
        price=Decimal(price),
    )


def reads(hotel) -> int:
    with tenant_context(hotel), CaptureQueriesContext(connection) as captured:
        search(check_in=d(1), check_out=d(2), adults=1, children=0)
    return len([q for q in captured.captured_queries if not q["sql"].startswith("SET")])


def test_a_saved_change_is_seen_by_the_next_search(hotel_a, catalogue):
    assert names(hotel_a.hotel) == ["Single", "Double", "Family"]
    with tenant_context(hotel_a.hotel):
        catalogue.dbl.name = "Double deluxe"
        catalogue.dbl.save()
    assert names(hotel_a.hotel) == ["Single", "Double deluxe", "Family"]


def test_the_catalogue_and_the_month_are_read_once_then_kept(hotel_a, catalogue):
    forget_all()
    INVENTORY.forget_all()
    # d(1) and d(2) are in March 2027: one month of prices, restrictions and rooms left
    assert reads(hotel_a.hotel) == EVERYTHING
    assert reads(hotel_a.hotel) == 0


def test_a_hold_or_release_is_seen_by_the_next_search(hotel_a, catalogue, as_if_committed):
    assert double_bar(hotel_a.hotel)[0].available == 3
    with tenant_context(hotel_a.hotel), as_if_committed():
        inventory_hold(room_type_id=catalogue.dbl.id, check_in=d(1), check_out=d(2))
        # the holding transaction sees its hold, read around the copies (no other may yet)
        assert double_bar(hotel_a.hotel)[0].available == 2
        assert reads(hotel_a.hotel) == INVENTORY_QUERIES
    assert double_bar(hotel_a.hotel)[0].available == 2
    assert reads(hotel_a.hotel) == 0  # kept again, once committed
    with tenant_context(hotel_a.hotel), as_if_committed():
        inventory_release(room_type_id=catalogue.dbl.id, check_in=d(1), check_out=d(2))
    assert double_bar(hotel_a.hotel)[0].available == 3


class RolledBack(Exception):
    pass


def test_a_change_rolled_back_leaves_no_copy_behind(hotel_a, catalogue):
    assert nightly(double_bar(hotel_a.hotel)[1]) == [(str(d(1)), "100.00")]  # kept

    def change_read_and_fail() -> None:
        with tenant_context(hotel_a.hotel), transaction.atomic():
            reprice_double_bar(catalogue, "135.50")
            inventory_hold(room_type_id=catalogue.dbl.id, check_in=d(1), check_out=d(2))
            offer, bar = double_bar(hotel_a.hotel)
            assert (offer.available, nightly(bar)) == (2, [(str(d(1)), "135.50")])  # its own
            raise RolledBack

    with pytest.raises(RolledBack):
        change_read_and_fail()
    offer, bar = double_bar(hotel_a.hotel)
    assert (offer.available, nightly(bar)) == (3, [(str(d(1)), "100.00")])
    assert reads(hotel_a.hotel) == 0  # what was read again after the rollback is kept


def test_blocked_rooms_are_seen_by_the_next_search(hotel_a, catalogue):
    assert double_bar(hotel_a.hotel)[0].available == 3
    with tenant_context(hotel_a.hotel):
        inventory_set_blocked(
            room_type_ids=[catalogue.dbl.id],
            date_from=d(1),
            date_to=d(1),
            weekdays=None,
            blocked=3,
        )
    offer, plan = double_bar(hotel_a.hotel)
    assert offer.available == 0
    assert [r.code for r in plan.reasons] == ["SOLD_OUT"]


def test_another_process_inventory_write_moves_the_shared_version(hotel_a, catalogue):
    assert double_bar(hotel_a.hotel)[0].available == 3
    with tenant_context(hotel_a.hotel):
        InventoryDay.objects.filter(room_type=catalogue.dbl, date=d(1)).update(sold=1)
        assert double_bar(hotel_a.hotel)[0].available == 3  # not told yet
        inventory_changed()
    assert double_bar(hotel_a.hotel)[0].available == 2


def test_a_bulk_price_change_is_seen_by_the_next_search(hotel_a, catalogue):
    assert nightly(double_bar(hotel_a.hotel)[1]) == [(str(d(1)), "100.00")]
    with tenant_context(hotel_a.hotel):
        reprice_double_bar(catalogue, "135.50")
    assert nightly(double_bar(hotel_a.hotel)[1]) == [(str(d(1)), "135.50")]


def test_a_saved_or_deleted_price_row_is_seen_by_the_next_search(hotel_a, catalogue):
    double_bar(hotel_a.hotel)
    with tenant_context(hotel_a.hotel):
        row = DailyRate.objects.get(rate_plan=catalogue.bar, room_type=catalogue.dbl, date=d(1))
        row.price = Decimal("99.00")
        row.save()
    assert nightly(double_bar(hotel_a.hotel)[1]) == [(str(d(1)), "99.00")]
    with tenant_context(hotel_a.hotel):
        row.delete()
    plan = double_bar(hotel_a.hotel)[1]
    assert nightly(plan) == []
    assert [r.code for r in plan.reasons] == ["NO_RATE"]


def test_a_bulk_restriction_is_seen_by_the_next_search(hotel_a, catalogue):
    assert double_bar(hotel_a.hotel)[1].bookable is True
    with tenant_context(hotel_a.hotel):
        restrictions_bulk_set(
            room_types=[catalogue.dbl],
            rate_plan=None,
            date_from=d(1),
            date_to=d(1),
            weekdays=None,
            changes={"min_stay": 3},
        )
    plan = double_bar(hotel_a.hotel)[1]
    assert [r.code for r in plan.reasons] == ["MIN_STAY"]


def test_a_stay_across_two_months_reads_both(hotel_a, catalogue):
    # d(27) is 28 March: 28, 29, 30, 31 March and 1 April, leaving on 2 April
    forget_all()
    INVENTORY.forget_all()
    with tenant_context(hotel_a.hotel), CaptureQueriesContext(connection) as captured:
        result = search(check_in=d(27), check_out=d(32), adults=2, children=0)
    queries = [q for q in captured.captured_queries if not q["sql"].startswith("SET")]
    assert len(queries) == CATALOGUE_QUERIES + 2 * (MONTH_QUERIES + INVENTORY_QUERIES)
    offer = next(o for o in result.rooms if o.room_type.code == "DBL")
    bar = next(p for p in offer.plans if p.rate_plan.code == "BAR")
    assert [day for day, _ in nightly(bar)] == [str(d(n)) for n in range(27, 32)]
    assert [price for _, price in nightly(bar)] == ["120.00"] * 5


def test_another_process_change_moves_the_shared_version(hotel_a, catalogue):
    names(hotel_a.hotel)
    with tenant_context(hotel_a.hotel):
        # what another process's write looks like from here: rows change, the version moves
        RoomType.objects.filter(code="SGL").update(name="Solo")
        assert names(hotel_a.hotel) == ["Single", "Double", "Family"]  # not told yet
        catalogue_changed()
    assert names(hotel_a.hotel) == ["Solo", "Double", "Family"]


def test_each_hotel_has_its_own_version_and_copy(hotel_a, hotel_b, catalogue):
    names(hotel_a.hotel)
    with tenant_context(hotel_a.hotel):
        version_a = OFFER.version()
    with tenant_context(hotel_b.hotel):
        version_b = OFFER.version()
        catalogue_changed()
        assert OFFER.version() != version_b
    with tenant_context(hotel_a.hotel):
        assert OFFER.version() == version_a
    assert reads(hotel_a.hotel) == 0  # hotel A's copies are still good


def test_without_the_shared_cache_every_search_reads_everything(hotel_a, catalogue, monkeypatch):
    def down(*args, **kwargs):
        raise redis.ConnectionError("redis is down")

    monkeypatch.setattr(redis.Redis, "get", down)
    monkeypatch.setattr(redis.Redis, "mget", down)
    assert reads(hotel_a.hotel) == EVERYTHING
    assert reads(hotel_a.hotel) == EVERYTHING


def test_rooms_left_across_two_months_are_the_fewest_of_any_night(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        inventory_hold(room_type_id=catalogue.dbl.id, check_in=d(31), check_out=d(32), rooms=2)
        result = search(check_in=d(27), check_out=d(33), adults=2, children=0)
        assert next(o for o in result.rooms if o.room_type.code == "DBL").available == 1
        InventoryDay.objects.filter(room_type=catalogue.dbl, date=d(28)).delete()
        inventory_changed()  # a write outside the services
        result = search(check_in=d(27), check_out=d(33), adults=2, children=0)
    dbl = next(o for o in result.rooms if o.room_type.code == "DBL")
    assert dbl.available == 0  # a night without a calendar row cannot be sold
    assert "SOLD_OUT" in [r.code for p in dbl.plans for r in p.reasons]


def test_with_an_in_memory_cache_every_search_reads_everything_quietly(
    hotel_a, catalogue, settings, caplog, api_for
):
    # `make run` without Redis: CACHE_URL=locmemcache://, no shared versions
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        }
    }
    assert reads(hotel_a.hotel) == EVERYTHING
    assert reads(hotel_a.hotel) == EVERYTHING
    response = api_for(hotel_a).get(
        "/api/v1/public/availability/",
        {"check_in": str(d(1)), "check_out": str(d(2)), "adults": 2},
    )
    assert response.status_code == 200
    assert [r["code"] for r in response.json()["room_types"]] == ["DBL", "FAM"]
    assert [r.message for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_a_thread_remembers_only_its_open_changes(hotel_a, catalogue, as_if_committed):
    """A worker that changes things and never searches (Celery, `make run` without Redis)
    must not pile up what it changed."""

    def change_and_fail() -> None:
        with transaction.atomic():
            inventory_changed()
            raise RolledBack

    with tenant_context(hotel_a.hotel):
        for _ in range(50):
            with as_if_committed():
                catalogue_changed()
            with pytest.raises(RolledBack):
                change_and_fail()
        with transaction.atomic():
            catalogue_changed()
            assert [c.cache for c in versioned_cache._this_thread.changes] == [OFFER]
