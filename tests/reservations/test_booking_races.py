"""Bookings racing each other for real: committed data, HTTP requests from several threads,
each on its own database connection, in a hotel signed up for these tests and dropped
after. PostgreSQL decides: no room type is sold past its rooms, a promo code's limit holds,
one Idempotency-Key books once, and the calendar always equals the reservations."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties.models import RoomType
from innkeep.properties.selectors import hotel_today
from innkeep.rates.models import PromoCode
from innkeep.rates.services import rates_bulk_set
from innkeep.reservations.booking import RoomRequest, reservation_create
from innkeep.reservations.cancel import reservation_cancel
from innkeep.reservations.models import Reservation
from innkeep.reservations.modify import reservation_modify
from innkeep.reservations.recount import recount_inventory
from innkeep.tenancy.services import hotel_signup
from tests.factories import (
    PromoCodeFactory,
    RatePlanFactory,
    RoomFactory,
    RoomTypeFactory,
    signup_data,
)
from tests.reservations.helpers import BOOKER, sold

URL = "/api/v1/public/reservations/"
THREADS = 12  # connections: the database server is shared


@dataclass
class RaceHotel:
    host: str
    schema: str
    today: date


@pytest.fixture
def race_hotel(committed) -> RaceHotel:  # type: ignore[no-untyped-def]
    """A committed hotel with room type RACE (5 rooms) and BIG (30 rooms), sold at BAR
    (100.00 a night, no guarantee), with its calendar."""
    committed.append("racing")
    hotel = hotel_signup(
        **signup_data(hotel_name="Racing Inn", subdomain="racing", owner_email="owner@racing.test")
    ).hotel
    with schema_context(hotel.schema_name):
        race = RoomTypeFactory(code="RACE", name="Race", max_adults=2, max_occupancy=2)
        big = RoomTypeFactory(code="BIG", name="Big", max_adults=2, max_occupancy=2)
        for n in range(5):
            RoomFactory(number=f"R{n}", room_type=race)
        for n in range(30):
            RoomFactory(number=f"B{n}", room_type=big)
        plan = RatePlanFactory(code="BAR", room_types=[race, big], cancellation_policy=None)
        today = hotel_today()
        inventory_extend_horizon(days=20)
        rates_bulk_set(
            rate_plan=plan,
            room_types=[race, big],
            date_from=today,
            date_to=today + timedelta(days=19),
            weekdays=None,
            price=Decimal("100.00"),
        )
    return RaceHotel(
        host=hotel.domains.get(is_primary=True).domain, schema=hotel.schema_name, today=today
    )


def booking_body(hotel: RaceHotel, room_type: str = "RACE", **extra: Any) -> dict[str, Any]:
    return {
        "check_in": str(hotel.today + timedelta(days=3)),
        "check_out": str(hotel.today + timedelta(days=5)),
        "booker": {"first_name": "Ana", "last_name": "Ruiz", "email": "ana@guest.test"},
        "rooms": [{"room_type": room_type, "rate_plan": "BAR", "adults": 2}],
        **extra,
    }


def run_together(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run the jobs on THREADS threads, each with its own connection, all released at once."""
    results: list[Any] = [None] * len(jobs)
    start = threading.Barrier(THREADS)

    def worker(offset: int) -> None:
        try:
            start.wait()
            for index in range(offset, len(jobs), THREADS):
                try:
                    results[index] = jobs[index]()
                except Exception as exc:  # the test looks at every outcome
                    results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def post(hotel: RaceHotel, body: dict[str, Any], **headers: str) -> Callable[[], Any]:
    def send() -> Any:
        response = APIClient(HTTP_HOST=hotel.host).post(URL, body, format="json", **headers)
        return response.status_code, response.json()

    return send


def outcome(result: tuple[int, dict[str, Any]]) -> str:
    status, answer = result
    return str(status) if status < 400 else f"{status} {answer['error']['code']}"


def test_200_attempts_for_the_last_5_rooms_sell_exactly_5(race_hotel):
    results = run_together([post(race_hotel, booking_body(race_hotel))] * 200)

    assert Counter(outcome(r) for r in results) == {"201": 5, "409 NO_AVAILABILITY": 195}
    with schema_context(race_hotel.schema):
        assert Reservation.objects.count() == 5
        assert recount_inventory().drifts == []
        race = RoomType.objects.get(code="RACE")
        nights = [race_hotel.today + timedelta(days=n) for n in (3, 4)]
        assert sold(race, *nights) == [5, 5]


def test_one_idempotency_key_sent_20_times_books_once(race_hotel):
    send = post(race_hotel, booking_body(race_hotel), HTTP_IDEMPOTENCY_KEY="race-key-1")
    results = run_together([send] * 20)

    outcomes = Counter(outcome(r) for r in results)
    assert set(outcomes) <= {"201", "409 IDEMPOTENCY_KEY_IN_PROGRESS"}
    assert outcomes["201"] >= 1
    codes = {answer["code"] for status, answer in results if status == 201}
    with schema_context(race_hotel.schema):
        assert list(Reservation.objects.values_list("code", flat=True)) == list(codes)
        assert recount_inventory().drifts == []


def test_a_promo_code_with_3_uses_left_discounts_exactly_3_of_20(race_hotel):
    with schema_context(race_hotel.schema):
        PromoCodeFactory(code="LAST3", kind="percent", value=Decimal("10"), usage_limit=3)
    results = run_together(
        [post(race_hotel, booking_body(race_hotel, room_type="BIG", promo_code="LAST3"))] * 20
    )

    outcomes = Counter(outcome(r) for r in results)
    assert outcomes["201"] == 3
    assert set(outcomes) <= {"201", "409 PROMO_CODE_USED_UP", "400 INVALID_PROMO_CODE"}
    assert [a["discount"] for s, a in results if s == 201] == ["20.00"] * 3
    with schema_context(race_hotel.schema):
        assert PromoCode.objects.get(code="LAST3").times_used == 3
        assert Reservation.objects.filter(discount__gt=0).count() == 3
        assert Reservation.objects.count() == 3
        assert recount_inventory().drifts == []


def test_changes_and_cancellations_racing_bookings_keep_the_calendar_true(race_hotel):
    start = race_hotel.today + timedelta(days=3)
    with schema_context(race_hotel.schema):
        booked = [
            reservation_create(
                check_in=start,
                check_out=start + timedelta(days=2),
                booker=BOOKER,
                rooms=[RoomRequest(room_type="RACE", rate_plan="BAR", adults=2)],
                source="staff",
                actor="system",
            )
            for _ in range(3)
        ]

    def cancel(reservation: Reservation) -> Callable[[], Any]:
        def run() -> str:
            with schema_context(race_hotel.schema):
                reservation_cancel(reservation=reservation, actor="system", reason="hotel")
            return "cancelled"

        return run

    def extend(reservation: Reservation) -> Callable[[], Any]:
        def run() -> str:
            with schema_context(race_hotel.schema):
                reservation_modify(
                    reservation=reservation, actor="system", check_out=start + timedelta(days=3)
                )
            return "extended"

        return run

    def move(reservation: Reservation) -> Callable[[], Any]:
        def run() -> str:
            with schema_context(race_hotel.schema):
                reservation_modify(reservation=reservation, actor="system", room_type="BIG")
            return "moved"

        return run

    jobs = [post(race_hotel, booking_body(race_hotel))] * 9
    jobs[1], jobs[4], jobs[7] = cancel(booked[0]), extend(booked[1]), move(booked[2])
    results = run_together(jobs)

    assert results[1] == "cancelled"
    assert results[7] == "moved"
    assert results[4] == "extended"  # its new night is free whatever the others do
    bookings = Counter(outcome(r) for i, r in enumerate(results) if i not in (1, 4, 7))
    # 5 rooms, 3 taken; 2 come back (cancelled, moved away) at some point of the race
    assert set(bookings) <= {"201", "409 NO_AVAILABILITY"}
    assert 2 <= bookings["201"] <= 4
    with schema_context(race_hotel.schema):
        assert recount_inventory().drifts == []
        race = RoomType.objects.get(code="RACE")
        assert sold(race, start, start + timedelta(days=1), start + timedelta(days=2)) == [
            1 + bookings["201"],
            1 + bookings["201"],
            1,
        ]
        assert sold(RoomType.objects.get(code="BIG"), start, start + timedelta(days=1)) == [1, 1]
