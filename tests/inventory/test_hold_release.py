"""inventory_hold / inventory_release (inventory/services.py): all the nights of a stay or
none, blocked rooms are not sold, a release gives rooms back, and two bookings racing for the
last room on real connections: exactly one gets it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import schema_context

from innkeep.inventory.models import InventoryDay
from innkeep.inventory.services import (
    InventoryConflict,
    NoAvailability,
    inventory_extend_horizon,
    inventory_hold,
    inventory_release,
    inventory_set_blocked,
)
from innkeep.properties.models import Room, RoomType
from innkeep.properties.selectors import hotel_today
from tests.inventory.factories import calendar, make_room_type

NOW = datetime(2026, 5, 10, 10, 0, tzinfo=UTC)
TODAY = date(2026, 5, 10)


def day(n: int, today: date = TODAY) -> date:
    return today + timedelta(days=n)


@pytest.fixture
def sgl(db, hotel_a, at) -> Iterator[RoomType]:
    """Alpine Lodge: SGL with 2 rooms, calendar 2026-05-10 .. 2026-05-19."""
    at(NOW)
    with schema_context(hotel_a.schema):
        room_type = make_room_type("SGL", 2)
        inventory_extend_horizon(days=9)
        yield room_type


def hold(room_type: RoomType, first: int, last: int, rooms: int = 1) -> None:
    """Hold nights day(first) .. day(last - 1)."""
    inventory_hold(room_type_id=room_type.pk, check_in=day(first), check_out=day(last), rooms=rooms)


def release(room_type: RoomType, first: int, last: int, rooms: int = 1) -> None:
    inventory_release(
        room_type_id=room_type.pk, check_in=day(first), check_out=day(last), rooms=rooms
    )


def sold(room_type: RoomType) -> dict[date, int]:
    """The nights with something sold."""
    return {night: s for night, (s, _, _) in calendar(room_type).items() if s}


def test_a_hold_takes_every_night_of_the_stay(sgl):
    hold(sgl, 1, 4, rooms=2)

    assert sold(sgl) == {day(1): 2, day(2): 2, day(3): 2}
    assert {total for _, total, _ in calendar(sgl).values()} == {2}


def test_one_full_night_in_the_middle_refuses_the_whole_stay(sgl):
    hold(sgl, 2, 3, rooms=2)  # night 2 is full
    hold(sgl, 1, 2)
    before = calendar(sgl)

    with pytest.raises(NoAvailability) as excinfo:
        hold(sgl, 1, 4)

    assert (excinfo.value.code, excinfo.value.status) == ("NO_AVAILABILITY", 409)
    assert excinfo.value.details == {"room_type_id": sgl.pk}
    assert calendar(sgl) == before
    assert sold(sgl) == {day(1): 1, day(2): 2}


@pytest.mark.parametrize(
    ("first", "last", "rooms"),
    [(8, 11, 1), (-1, 2, 1), (1, 3, 3)],
    ids=["past-the-calendar-end", "before-the-calendar", "more-rooms-than-exist"],
)
def test_a_stay_the_calendar_cannot_hold_changes_nothing(sgl, first, last, rooms):
    before = calendar(sgl)

    with pytest.raises(NoAvailability):
        hold(sgl, first, last, rooms=rooms)

    assert calendar(sgl) == before


def test_blocked_rooms_are_not_sold(sgl):
    blocked = inventory_set_blocked(
        room_type_ids=[sgl.pk], date_from=day(2), date_to=day(3), weekdays=None, blocked=1
    )
    assert blocked == 2
    hold(sgl, 1, 3)

    with pytest.raises(NoAvailability):
        hold(sgl, 2, 4)  # night 2: 1 sold + 1 blocked of 2

    hold(sgl, 1, 2)  # night 1 is not blocked: its second room sells
    assert calendar(sgl)[day(1)] == (2, 2, 0)
    assert calendar(sgl)[day(2)] == (1, 2, 1)
    assert calendar(sgl)[day(3)] == (0, 2, 1)
    with pytest.raises(InventoryConflict):  # and a block cannot take a sold room
        inventory_set_blocked(
            room_type_ids=[sgl.pk], date_from=day(2), date_to=day(2), weekdays=None, blocked=2
        )


def test_a_release_gives_the_rooms_back(sgl):
    hold(sgl, 1, 4, rooms=2)
    with pytest.raises(NoAvailability):
        hold(sgl, 2, 3)

    release(sgl, 1, 4)

    assert sold(sgl) == {day(1): 1, day(2): 1, day(3): 1}
    hold(sgl, 2, 3)
    assert sold(sgl) == {day(1): 1, day(2): 2, day(3): 1}


def test_releasing_more_than_was_sold_changes_nothing(sgl):
    hold(sgl, 1, 2)
    before = calendar(sgl)

    with pytest.raises(InventoryConflict):
        release(sgl, 1, 3)  # night 2 has nothing sold
    with pytest.raises(InventoryConflict):
        release(sgl, 1, 2, rooms=2)

    assert calendar(sgl) == before


# --- races on real connections (committed data, cleaned up) ----------------------------------

TIMEOUT = 10


@pytest.fixture
def last_room(committed, hotel_a) -> Iterator[tuple[RoomType, date]]:
    """A committed room type RACE with one room in Alpine Lodge, calendar from today."""
    with schema_context(hotel_a.schema):
        room_type = make_room_type("RACE", 1)
        inventory_extend_horizon(days=10, room_type_ids=[room_type.pk])
        today = hotel_today()
    try:
        yield room_type, today
    finally:
        with schema_context(hotel_a.schema):
            InventoryDay.objects.filter(room_type=room_type).delete()
            Room.objects.filter(room_type=room_type).delete()
            room_type.delete()


def _attempt(schema: str, room_type: RoomType, check_in: date, check_out: date) -> str:
    """One booking on this thread's own connection: "won" or "lost"."""
    try:
        with schema_context(schema):
            inventory_hold(room_type_id=room_type.pk, check_in=check_in, check_out=check_out)
        return "won"
    except NoAvailability:
        return "lost"
    finally:
        connection.close()


def _waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


def test_the_second_hold_waits_for_the_first_then_finds_the_room_gone(last_room, hotel_a):
    room_type, today = last_room
    first_held, first_may_commit = threading.Event(), threading.Event()
    second_pid: list[int] = []

    def first() -> str:
        try:
            with schema_context(hotel_a.schema), transaction.atomic():
                inventory_hold(
                    room_type_id=room_type.pk, check_in=day(1, today), check_out=day(4, today)
                )
                first_held.set()
                assert first_may_commit.wait(TIMEOUT)
            return "won"
        finally:
            connection.close()

    def second() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            second_pid.append(cursor.fetchone()[0])
        return _attempt(hotel_a.schema, room_type, day(3, today), day(5, today))

    with ThreadPoolExecutor(max_workers=2) as pool:
        first_done = pool.submit(first)
        assert first_held.wait(TIMEOUT)
        second_done = pool.submit(second)
        deadline = time.monotonic() + TIMEOUT
        while not (second_pid and _waiting_on_a_lock(second_pid[0])):
            assert time.monotonic() < deadline, "the second hold never waited for the first"
            time.sleep(0.02)
        first_may_commit.set()
        results = (first_done.result(TIMEOUT), second_done.result(TIMEOUT))

    assert results == ("won", "lost")
    with schema_context(hotel_a.schema):
        assert sold(room_type) == {day(1, today): 1, day(2, today): 1, day(3, today): 1}


def test_many_holds_at_once_for_the_last_room_exactly_one_wins(last_room, hotel_a):
    room_type, today = last_room
    stays = [(1, 4), (2, 5), (3, 4), (3, 6), (0, 4), (2, 4)]  # all of them need night 3
    start = threading.Barrier(len(stays))

    def book(first: int, last: int) -> str:
        start.wait(TIMEOUT)
        return _attempt(hotel_a.schema, room_type, day(first, today), day(last, today))

    with ThreadPoolExecutor(max_workers=len(stays)) as pool:
        futures = [pool.submit(book, first, last) for first, last in stays]
        results = [future.result(TIMEOUT) for future in futures]

    assert sorted(results) == ["lost"] * (len(stays) - 1) + ["won"]
    first, last = stays[results.index("won")]
    with schema_context(hotel_a.schema):
        assert sold(room_type) == {day(n, today): 1 for n in range(first, last)}


@pytest.mark.parametrize(
    ("nights", "rooms", "field"),
    [(0, 1, "check_out"), (-1, 1, "check_out"), (2, 0, "rooms"), (2, -1, "rooms")],
)
def test_empty_stays_and_room_counts_below_one_are_refused(sgl, nights, rooms, field):
    from innkeep.core.errors import ValidationFailed

    before = list(InventoryDay.objects.order_by("date").values_list("sold", flat=True))
    for service in (inventory_hold, inventory_release):
        with pytest.raises(ValidationFailed) as caught:
            service(room_type_id=sgl.id, check_in=day(1), check_out=day(1 + nights), rooms=rooms)
        assert list(caught.value.fields) == [field]
    assert list(InventoryDay.objects.order_by("date").values_list("sold", flat=True)) == before


@pytest.mark.parametrize(
    "counts",
    [
        {"sold": 3},  # more sold than rooms
        {"blocked": 3},  # more blocked than rooms
        {"sold": 1, "blocked": 2},  # together over the total
        {"total": 0, "sold": 1},  # a total lowered under what is sold
    ],
)
def test_postgresql_refuses_an_oversold_night_even_behind_the_services_back(sgl, counts):
    """The last line of defence under every writer, raw SQL included: the CHECK."""
    hold(sgl, 1, 2)
    before = calendar(sgl)
    assert before[day(1)] == (1, 2, 0)
    with pytest.raises(IntegrityError, match="inventory_day_not_oversold"), transaction.atomic():
        InventoryDay.objects.filter(room_type=sgl, date=day(1)).update(**counts)
    assert calendar(sgl) == before
