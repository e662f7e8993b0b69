"""A price changed while Redis is down is served by every process once Redis is back: by
the process that made the change, and by another one (a real process,
tests/booking/other_process.py) that never met the error. The hotel is committed, so that
the other process sees it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from innkeep.core import versioned_cache
from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties.models import Room, RoomType
from innkeep.properties.selectors import hotel_today
from innkeep.rates.models import RatePlan
from innkeep.rates.services import rates_bulk_set
from innkeep.tenancy.models import Hotel
from innkeep.tenancy.services import hotel_signup
from tests.factories import signup_data

PROJECT_DIR = Path(__file__).resolve().parents[2]
SUBDOMAIN = "outage"


@dataclass
class PricedHotel:
    hotel: Hotel
    double: RoomType
    plan: RatePlan
    check_in: date

    @property
    def host(self) -> str:
        return f"{self.hotel.subdomain}.{settings.ROOT_DOMAIN}"

    @property
    def availability(self) -> str:
        stay = {"check_in": self.check_in, "check_out": self.check_in + timedelta(days=1)}
        return f"/api/v1/public/availability/?{urlencode(stay)}&adults=2"

    def reprice(self, price: str) -> None:
        with tenant_context(self.hotel):
            rates_bulk_set(
                rate_plan=self.plan,
                room_types=[self.double],
                date_from=self.check_in,
                date_to=self.check_in,
                weekdays=None,
                price=Decimal(price),
            )


def price_in(body: dict[str, Any]) -> str:
    [room_type] = body["room_types"]
    [plan] = room_type["rate_plans"]
    [night] = plan["nightly"]
    return str(night["price"])


@pytest.fixture
def priced_hotel(committed) -> PricedHotel:  # type: ignore[no-untyped-def]
    """A committed hotel: one double room, one plan, 100.00 a night."""
    committed.append(SUBDOMAIN)
    hotel = hotel_signup(**signup_data(hotel_name="Outage Inn", subdomain=SUBDOMAIN)).hotel
    with tenant_context(hotel):
        double = RoomType.objects.create(code="DBL", name="Double")
        Room.objects.create(number="1", room_type=double)
        plan = RatePlan.objects.create(code="BAR", name="Best available")
        plan.room_types.set([double])
        inventory_extend_horizon(days=10)
        check_in = hotel_today() + timedelta(days=2)
    priced = PricedHotel(hotel=hotel, double=double, plan=plan, check_in=check_in)
    priced.reprice("100.00")
    return priced


@dataclass
class OtherProcess:
    process: subprocess.Popen[str]
    errors: Path

    def ask(self, **request: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            pytest.fail(f"the other process ended:\n{self.errors.read_text()}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def price(self, hotel: PricedHotel) -> str:
        answer = self.ask(get=hotel.availability, host=hotel.host)
        assert answer["status"] == 200, answer
        return price_in(answer["body"])

    def advance(self, seconds: float) -> None:
        self.ask(advance=seconds)


def database_url() -> str:
    db = connection.settings_dict  # the test database
    user = f"{db['USER']}@" if db.get("USER") else ""
    return f"postgres://{user}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def other_process(committed, tmp_path) -> Iterator[OtherProcess]:  # type: ignore[no-untyped-def]
    errors = tmp_path / "other-process.log"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "INNKEEP_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        "PYTHONPATH": str(PROJECT_DIR),
    }
    with errors.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.booking.other_process"],
            cwd=PROJECT_DIR,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    other = OtherProcess(process, errors)
    try:
        assert process.stdout is not None
        if json.loads(process.stdout.readline() or "{}") != {"ready": True}:
            pytest.fail(f"the other process did not start:\n{errors.read_text()}")
        yield other
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def price_here(hotel: PricedHotel) -> str:
    response = Client().get(hotel.availability, HTTP_HOST=hotel.host)
    assert response.status_code == 200, response.content
    return price_in(response.json())


def test_once_redis_is_back_the_failed_move_lands_and_every_process_sees_the_change(
    priced_hotel, other_process, shared_redis
):
    assert other_process.price(priced_hotel) == "100.00"  # kept there
    assert price_here(priced_hotel) == "100.00"  # and here
    shared_redis.down()
    priced_hotel.reprice("80.00")  # committed; its version move fails
    assert len(versioned_cache.pending_moves()) == 1
    assert price_here(priced_hotel) == "80.00"  # read afresh while Redis is down
    assert other_process.price(priced_hotel) == "100.00"  # it cannot know yet
    shared_redis.up()
    assert price_here(priced_hotel) == "80.00"  # the move is made again before this read
    assert versioned_cache.pending_moves() == {}
    assert other_process.price(priced_hotel) == "80.00"  # at its next request


def test_a_lost_move_is_seen_by_every_process_within_the_maximum_age(
    priced_hotel, other_process, shared_redis
):
    assert other_process.price(priced_hotel) == "100.00"
    shared_redis.down()
    priced_hotel.reprice("80.00")
    # the process that made the change ends before Redis is back: its move is lost with it
    versioned_cache.forget_everything()
    shared_redis.up()
    assert price_here(priced_hotel) == "80.00"
    assert other_process.price(priced_hotel) == "100.00"  # its copy is not too old yet
    other_process.advance(settings.CACHE_COPY_MAX_AGE - 1)
    assert other_process.price(priced_hotel) == "100.00"
    other_process.advance(1)
    assert other_process.price(priced_hotel) == "80.00"
