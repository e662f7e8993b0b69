"""The catalogue, prices, restrictions and rooms left that a search reads are kept per
process, as frozen values, and every change moves their version once; a copy is used at
most CACHE_COPY_MAX_AGE seconds, and Redis errors never leave a process serving an old one
(tests/booking/test_copies_across_processes.py: the same seen from another process)."""

from __future__ import annotations

import logging
from dataclasses import FrozenInstanceError
from datetime import timedelta
from decimal import Decimal

import pytest
import redis
from django.db import connection, transaction
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from innkeep.core import versioned_cache
from innkeep.core.redis_client import client as redis_client
from innkeep.inventory.free_rooms import INVENTORY, free_rooms, inventory_changed, inventory_month
from innkeep.inventory.models import InventoryDay
from innkeep.inventory.services import (
    inventory_extend_horizon,
    inventory_hold,
    inventory_release,
    inventory_set_blocked,
)
from innkeep.properties.models import Room, RoomType
from innkeep.properties.selectors import hotel_today
from innkeep.rates.availability import search
from innkeep.rates.catalogue import (
    OFFER,
    catalogue_changed,
    forget_all,
    rate_month,
)
from innkeep.rates.catalogue import catalogue as catalogue_copy
from innkeep.rates.models import DailyRate, RatePlan, Restriction
from innkeep.rates.services import rate_plan_delete, rates_bulk_set, restrictions_bulk_set
from innkeep.tenancy.models import Domain
from innkeep.tenancy.provisioning import drop_schema
from innkeep.tenancy.services import hotel_signup
from tests.booking.conftest import d
from tests.booking.conftest import room_type_names as names
from tests.factories import signup_data

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


def test_each_hotel_has_its_own_version_and_copy(hotel_a, hotel_b, catalogue, as_if_committed):
    names(hotel_a.hotel)
    with tenant_context(hotel_a.hotel):
        version_a = OFFER.version()
    with tenant_context(hotel_b.hotel):
        version_b = OFFER.version()
        with as_if_committed():
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


def price_of_double_bar(hotel) -> str:  # type: ignore[no-untyped-def]
    [(_, price)] = nightly(double_bar(hotel)[1])
    return price


def test_a_copy_is_used_at_most_the_maximum_age(hotel_a, catalogue, process_clock, settings):
    assert names(hotel_a.hotel) == ["Single", "Double", "Family"]
    with tenant_context(hotel_a.hotel):
        # a change whose version move Redis lost (down, or a replica behind after a failover)
        RoomType.objects.filter(code="SGL").update(name="Solo")
    process_clock.advance(settings.CACHE_COPY_MAX_AGE - 0.5)
    assert names(hotel_a.hotel) == ["Single", "Double", "Family"]
    assert reads(hotel_a.hotel) == 0
    process_clock.advance(0.5)
    assert names(hotel_a.hotel) == ["Solo", "Double", "Family"]
    assert reads(hotel_a.hotel) == 0  # the fresh copy is kept again


def test_the_maximum_age_is_a_setting(hotel_a, catalogue, process_clock, settings):
    settings.CACHE_COPY_MAX_AGE = 2.0
    names(hotel_a.hotel)
    with tenant_context(hotel_a.hotel):
        RoomType.objects.filter(code="SGL").update(name="Solo")
    process_clock.advance(2.0)
    assert names(hotel_a.hotel) == ["Solo", "Double", "Family"]


def test_a_process_that_meets_a_redis_error_drops_its_copies(hotel_a, catalogue, shared_redis):
    assert names(hotel_a.hotel) == ["Single", "Double", "Family"]
    with tenant_context(hotel_a.hotel):
        RoomType.objects.filter(code="SGL").update(name="Solo")  # its move lost
    shared_redis.down()
    assert names(hotel_a.hotel) == ["Solo", "Double", "Family"]  # read afresh, not kept
    assert reads(hotel_a.hotel) == EVERYTHING
    shared_redis.up()
    # the version is the one from before the outage: the copy made under it must be gone
    assert names(hotel_a.hotel) == ["Solo", "Double", "Family"]
    assert reads(hotel_a.hotel) == 0


def test_a_price_changed_while_redis_is_down_is_served_once_it_is_back(
    hotel_a, catalogue, as_if_committed, shared_redis, caplog
):
    assert price_of_double_bar(hotel_a.hotel) == "100.00"  # kept
    with tenant_context(hotel_a.hotel):
        key = OFFER.key()
    before = redis_client().get(key)
    shared_redis.down()
    with tenant_context(hotel_a.hotel), as_if_committed():
        reprice_double_bar(catalogue, "80.00")
    assert versioned_cache.pending_moves() == {key: "availability-offer"}
    assert price_of_double_bar(hotel_a.hotel) == "80.00"  # read afresh while Redis is down
    assert versioned_cache.pending_moves() == {key: "availability-offer"}  # tried, still down
    shared_redis.up()
    assert price_of_double_bar(hotel_a.hotel) == "80.00"
    # the move was made again and landed: every other process sees the change at once
    assert versioned_cache.pending_moves() == {}
    assert redis_client().get(key) not in (None, before)
    assert reads(hotel_a.hotel) == 0
    assert "moved 1 version(s) whose move had failed" in caplog.messages


def test_a_failed_move_is_made_again_by_the_next_change_too(
    hotel_a, catalogue, as_if_committed, shared_redis
):
    with tenant_context(hotel_a.hotel):
        key = OFFER.key()
        before = redis_client().get(key)
        shared_redis.down()
        with as_if_committed():
            catalogue_changed()
        assert versioned_cache.pending_moves() == {key: "availability-offer"}
        shared_redis.up()
        with as_if_committed():  # a worker that changes other things and never searches
            inventory_changed()
    assert versioned_cache.pending_moves() == {}
    assert redis_client().get(key) not in (None, before)


@pytest.fixture
def redis_commands(monkeypatch):  # type: ignore[no-untyped-def]
    """Every command this process sends to Redis, as (command, first argument)."""
    sent: list[tuple[str, object]] = []
    send = redis.Redis.execute_command

    def counted(self, *args, **options):  # type: ignore[no-untyped-def]
        sent.append((str(args[0]), args[1] if len(args) > 1 else None))
        return send(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    return sent


def test_a_plan_deleted_with_4000_restrictions_moves_the_version_once(
    hotel_a, catalogue, as_if_committed, redis_commands
):
    with tenant_context(hotel_a.hotel):
        with as_if_committed():
            plan = RatePlan.objects.create(code="LONG", name="Long stays")
            plan.room_types.set([catalogue.dbl, catalogue.sgl])
            Restriction.objects.bulk_create(
                Restriction(room_type=room_type, rate_plan=plan, date=d(n), min_stay=7)
                for room_type in (catalogue.dbl, catalogue.sgl)
                for n in range(2000)
            )
        assert Restriction.objects.filter(rate_plan=plan).count() == 4000
        key = OFFER.key()
        redis_commands.clear()
        with as_if_committed():
            rate_plan_delete(actor=None, rate_plan=plan)
        assert Restriction.objects.filter(rate_plan_id=plan.id).count() == 0
    assert redis_commands == [("SET", key)]


def test_changes_in_one_transaction_move_each_version_once(
    hotel_a, catalogue, as_if_committed, redis_commands
):
    with tenant_context(hotel_a.hotel):
        offer_key, inventory_key = OFFER.key(), INVENTORY.key()
        with as_if_committed():
            for name in ("One", "Two", "Three"):
                RoomType.objects.filter(pk=catalogue.sgl.pk).update(name=name)
                catalogue_changed()
                inventory_changed()
            assert redis_commands == []  # nothing moves before the commit
    assert sorted(redis_commands) == sorted([("SET", offer_key), ("SET", inventory_key)])


def test_a_change_rolled_back_in_a_savepoint_is_not_the_transaction_s_move(
    hotel_a, catalogue, as_if_committed, redis_commands
):
    def change_and_fail() -> None:
        with transaction.atomic():
            catalogue_changed()
            raise RolledBack

    with tenant_context(hotel_a.hotel), as_if_committed():
        key = OFFER.key()
        with pytest.raises(RolledBack):
            change_and_fail()
        catalogue_changed()  # the move of the rolled-back savepoint is gone: this one counts
    assert redis_commands == [("SET", key)]


def test_the_copies_hold_frozen_values_only(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        shelf = catalogue_copy()
        month = rate_month(d(1).replace(day=1))
        rooms_left = inventory_month(d(1).replace(day=1))
    values = [shelf.profile, *shelf.room_types, *shelf.plans, *shelf.taxes]
    assert [value for value in values if isinstance(value, Model)] == []
    double = next(rt for rt in shelf.room_types if rt.code == "DBL")
    bar = next(plan for plan in shelf.plans if plan.code == "BAR")
    with pytest.raises(FrozenInstanceError):
        double.name = "Changed"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        shelf.profile.currency = "USD"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        bar.cancellation_policy.text = ""  # type: ignore[misc,union-attr]
    with pytest.raises(FrozenInstanceError):
        shelf.taxes[0].amount = Decimal(0)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        shelf.room_types.append(double)  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        shelf.plan_room_types[bar.id] = frozenset()  # type: ignore[index]
    key = (bar.id, double.id)
    with pytest.raises(TypeError):
        month.nights[key] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        month.nights[key][0] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        month.running[key][1] = Decimal(0)  # type: ignore[index]
    with pytest.raises(TypeError):
        month.restrictions[(double.id, None)] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        rooms_left.free[double.id][0] = 99  # type: ignore[index]
    assert double.photos == ()
    assert bar.cancellation_policy.describe() == (  # type: ignore[union-attr]
        "Free cancellation until 2 days before arrival; later, 100% of the stay"
    )


def test_a_hotel_on_a_reused_subdomain_never_sees_the_copies_of_the_one_before(db, as_if_committed):
    def sign_up(name: str):  # type: ignore[no-untyped-def]
        with as_if_committed():
            return hotel_signup(**signup_data(hotel_name=name, subdomain="reused")).hotel

    def first_night(hotel, room_type_id: int) -> dict[int, int]:  # type: ignore[no-untyped-def]
        with tenant_context(hotel):
            today = hotel_today()
            return free_rooms(
                room_type_ids=[room_type_id], check_in=today, check_out=today + timedelta(days=1)
            )

    first = sign_up("First Inn")
    with tenant_context(first), as_if_committed():
        double = RoomType.objects.create(code="DBL", name="Double")
        Room.objects.create(number="1", room_type=double)
        inventory_extend_horizon(days=5)
    assert first_night(first, double.id) == {double.id: 1}  # kept
    with tenant_context(first):
        assert [rt.name for rt in catalogue_copy().room_types] == ["Double"]
    # the hotel is removed (as ops would) and another signs up on its subdomain
    with as_if_committed(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # a schema with pending checks stays
        drop_schema(name=first.schema_name)
        Domain.objects.filter(tenant=first).delete()
        first.delete()
    second = sign_up("Second Inn")
    assert second.schema_name == first.schema_name
    with tenant_context(second), as_if_committed():
        single = RoomType.objects.create(code="SGL", name="Single", max_adults=1, max_occupancy=1)
    assert single.id == double.id  # the new schema's ids start again
    assert first_night(second, single.id) == {single.id: 0}  # no calendar row: nothing to sell
    with tenant_context(second):
        shelf = catalogue_copy()
    assert (shelf.profile.name, [rt.name for rt in shelf.room_types]) == ("Second Inn", ["Single"])
