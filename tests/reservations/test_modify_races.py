"""Changes that cross each other, for real: committed data, two threads on their own
connections released by a barrier. Reservation X moves from room type RACE to BIG while Y
moves from BIG to RACE (or X takes Y's nights and Y takes X's): each would hold what the
other is about to release. Every night touched is locked first in one global order, so
they wait in line: both succeed, or one gets a clean 409 NO_AVAILABILITY, never a deadlock
(which PostgreSQL breaks by failing one of them: a 500), and the calendar stays true."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from innkeep.core.errors import InnkeepError
from innkeep.properties.models import RoomType
from innkeep.reservations import modify
from innkeep.reservations.booking import RoomRequest, reservation_create
from innkeep.reservations.cancel import reservation_cancel
from innkeep.reservations.models import Reservation
from innkeep.reservations.modify import reservation_modify
from innkeep.reservations.recount import recount_inventory
from tests.reservations.helpers import BOOKER, sold
from tests.reservations.test_booking_races import RaceHotel, race_hotel  # noqa: F401 (fixture)

ROUNDS = 15


def two_at_once(first: Callable[[], Any], second: Callable[[], Any]) -> list[Any]:
    """Both jobs released together, each on its own thread and connection; an exception is
    the job's outcome."""
    results: list[Any] = [None, None]
    start = threading.Barrier(2)

    def worker(index: int, job: Callable[[], Any]) -> None:
        try:
            start.wait()
            try:
                results[index] = job()
            except Exception as exc:  # the test looks at every outcome
                results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=pair) for pair in enumerate([first, second])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def booked(hotel: RaceHotel, room_type: str, check_in: date, check_out: date) -> Reservation:
    with schema_context(hotel.schema):
        return reservation_create(
            check_in=check_in,
            check_out=check_out,
            booker=BOOKER,
            rooms=[RoomRequest(room_type=room_type, rate_plan="BAR", adults=2)],
            source="staff",
            actor="system",
        )


def change(hotel: RaceHotel, reservation: Reservation, **fields: Any) -> Callable[[], str]:
    def run() -> str:
        with schema_context(hotel.schema):
            reservation_modify(reservation=reservation, actor="system", **fields)
        return "changed"

    return run


def outcome(result: Any) -> str:
    if isinstance(result, InnkeepError):
        return f"{result.status} {result.code}"
    if isinstance(result, Exception):
        return f"error {type(result).__name__}: {result}"  # a deadlock lands here
    return str(result)


@pytest.fixture
def slow_holds(monkeypatch):  # type: ignore[no-untyped-def]
    """Every hold of a change takes a moment before the change goes on to release: the
    window in which two crossing changes each hold what the other will release, made wide
    enough to be hit every time."""
    real = modify.hold_rooms

    def slow(stays: Any) -> None:
        real(stays)
        time.sleep(0.3)

    monkeypatch.setattr(modify, "hold_rooms", slow)


def crossing(
    hotel: RaceHotel,
    x: tuple[str, date, date],
    y: tuple[str, date, date],
    x_change: dict[str, Any],
    y_change: dict[str, Any],
) -> tuple[list[str], Reservation, Reservation]:
    """Book X and Y, change both at once; the outcomes, then X and Y as they are."""
    first, second = booked(hotel, *x), booked(hotel, *y)
    results = two_at_once(change(hotel, first, **x_change), change(hotel, second, **y_change))
    with schema_context(hotel.schema):
        assert recount_inventory().drifts == []
        return (
            [outcome(r) for r in results],
            Reservation.objects.get(pk=first.pk),
            Reservation.objects.get(pk=second.pk),
        )


def cancelled(hotel: RaceHotel, *reservations: Reservation) -> None:
    """Give the nights back, so the next round starts from the same calendar."""
    with schema_context(hotel.schema):
        for reservation in reservations:
            reservation_cancel(reservation=reservation, actor="system", reason="hotel")
        assert recount_inventory().drifts == []


def types_swapped(
    hotel: RaceHotel, start: date, end: date
) -> tuple[list[str], Reservation, Reservation]:
    """X books RACE and moves to BIG while Y books BIG and moves to RACE."""
    return crossing(
        hotel,
        ("RACE", start, end),
        ("BIG", start, end),
        {"room_type": "BIG"},
        {"room_type": "RACE"},
    )


def room_types_crossed(hotel: RaceHotel) -> None:
    start, end = hotel.today + timedelta(days=2), hotel.today + timedelta(days=4)
    results, x, y = types_swapped(hotel, start, end)
    assert results == ["changed", "changed"]
    with schema_context(hotel.schema):
        assert (x.stays.get().room_type.code, y.stays.get().room_type.code) == ("BIG", "RACE")
        for code in ("RACE", "BIG"):
            assert sold(RoomType.objects.get(code=code), start, start + timedelta(days=1)) == [1, 1]
    cancelled(hotel, x, y)


def dates_crossed(hotel: RaceHotel) -> None:
    a, b, c = (hotel.today + timedelta(days=n) for n in (2, 4, 6))
    results, x, y = crossing(
        hotel,
        ("RACE", a, b),
        ("RACE", b, c),
        {"check_in": b, "check_out": c},
        {"check_in": a, "check_out": b},
    )
    assert results == ["changed", "changed"]
    with schema_context(hotel.schema):
        assert (x.stays.get().check_in, y.stays.get().check_in) == (b, a)
        nights = [a + timedelta(days=n) for n in range(4)]
        assert sold(RoomType.objects.get(code="RACE"), *nights) == [1, 1, 1, 1]
    cancelled(hotel, x, y)


def last_room_crossed(hotel: RaceHotel) -> None:
    """RACE is full (X holds one of its 5 rooms): Y gets it only if X has moved out first."""
    start, end = hotel.today + timedelta(days=2), hotel.today + timedelta(days=4)
    fillers = [booked(hotel, "RACE", start, end) for _ in range(4)]
    results, x, y = types_swapped(hotel, start, end)
    assert results[0] == "changed"
    assert results[1] in ("changed", "409 NO_AVAILABILITY")
    with schema_context(hotel.schema):
        y_type = y.stays.get().room_type.code
        assert y_type == ("RACE" if results[1] == "changed" else "BIG")
        race, big = RoomType.objects.get(code="RACE"), RoomType.objects.get(code="BIG")
        in_race = 4 + (y_type == "RACE")
        assert sold(race, start, start + timedelta(days=1)) == [in_race, in_race]
        assert sold(big, start, start + timedelta(days=1)) == [6 - in_race] * 2
    cancelled(hotel, x, y, *fillers)


@pytest.mark.parametrize("scenario", [room_types_crossed, dates_crossed, last_room_crossed])
def test_crossing_changes_never_deadlock_in_the_widest_window(
    race_hotel,  # noqa: F811 (the fixture imported above)
    slow_holds,
    scenario,
):
    for _ in range(3):
        scenario(race_hotel)


@pytest.mark.parametrize("scenario", [room_types_crossed, dates_crossed, last_room_crossed])
def test_crossing_changes_never_deadlock_at_full_speed(race_hotel, scenario):  # noqa: F811
    for _ in range(ROUNDS):
        scenario(race_hotel)
