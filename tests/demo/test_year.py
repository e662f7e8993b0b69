"""`innkeep seed_demo`'s year of reservations (innkeep.demo.year through the reservations'
bulk import): statuses that fit the dates, rooms given without a double booking, prices
from the rates in the database, a calendar that check_inventory finds right (past nights
too), no outbox events, the same year from the same seed, and a second run that writes
nothing. Real database, clock fixed (the demo hotel is in Madrid)."""

from __future__ import annotations

import io
import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tenants.utils import schema_context

from innkeep.events.models import OutboxEvent
from innkeep.inventory.models import InventoryDay
from innkeep.rates.models import DailyRate
from innkeep.reservations.models import (
    OCCUPYING_STATUSES,
    Reservation,
    ReservationEvent,
    RoomAssignment,
    Stay,
)
from innkeep.reservations.models import ReservationStatus as S
from innkeep.reservations.recount import recount_inventory
from tests.conftest import destroy_hotel
from tests.tenancy.test_commands import rows_written_in_this_transaction

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)  # 11:00 in Madrid
TODAY = date(2027, 3, 1)
T = TypeVar("T")


class Undo(Exception):
    """Raised to roll a block back."""


def run() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def drawn_before_the_year(draw: Callable[[], T]) -> T:
    """`draw()` on the hotel as it was before the year was booked, then put back."""
    found: list[T] = []
    try:
        with transaction.atomic():
            Reservation.objects.all().delete()
            InventoryDay.objects.update(sold=0)
            found.append(draw())
            raise Undo
    except Undo:
        pass
    return found[0]


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The demo hotel seeded once for this module, committed (a seed takes seconds), and
    removed after it."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr("innkeep.core.clock.now", lambda: NOW)
        destroy_hotel("demo")
        yield run()
        destroy_hotel("demo")


@pytest.fixture
def seeded(seeded_once, db, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("innkeep.core.clock.now", lambda: NOW)
    return seeded_once


def test_the_year_has_every_kind_of_stay_with_statuses_that_fit_the_dates(seeded):
    with schema_context("hotel_demo"):
        stays = list(Stay.objects.select_related("reservation"))
        by_status = Counter(Reservation.objects.values_list("status", flat=True))
        kinds = Counter()
        for stay in stays:
            status, arrival, departure = stay.reservation.status, stay.check_in, stay.check_out
            fits = {
                S.CHECKED_OUT: departure <= TODAY,
                S.CHECKED_IN: arrival <= TODAY <= departure,
                S.NO_SHOW: arrival < TODAY,
                S.CONFIRMED: arrival >= TODAY,
                S.CANCELLED: True,
            }[status]
            assert fits, (stay.reservation.code, status, arrival, departure)
            if status in OCCUPYING_STATUSES:
                kinds["past"] += departure < TODAY
                kinds["in house"] += arrival < TODAY < departure
                kinds["arriving today"] += arrival == TODAY
                kinds["leaving today"] += departure == TODAY
                kinds["future"] += arrival > TODAY
        assert sorted(by_status) == sorted(
            [S.CHECKED_OUT, S.CHECKED_IN, S.CONFIRMED, S.CANCELLED, S.NO_SHOW]
        )
        assert by_status.total() == len({s.reservation_id for s in stays}) > 3000
        assert 0.05 < by_status[S.CANCELLED] / by_status.total() < 0.15
        assert 0 < by_status[S.NO_SHOW] < by_status[S.CANCELLED]
        assert all(n >= 5 for n in kinds.values()), kinds
        assert kinds["past"] > kinds["future"] > kinds["in house"]
        # checked in today and still to come today, both kinds of departure
        today = Counter(s.reservation.status for s in stays if TODAY in (s.check_in, s.check_out))
        assert {S.CHECKED_IN, S.CHECKED_OUT, S.CONFIRMED} <= set(today)
        multi = Counter(s.reservation_id for s in stays)
        assert any(n > 1 for n in multi.values())
        assert {r.source for r in Reservation.objects.all()} >= {"web", "phone", "api", "staff"}
        assert Reservation.objects.filter(promo_code__code="WELCOME10").exists()
        assert Stay.objects.filter(extras__isnull=False).exists()
        assert Stay.objects.filter(party__isnull=False).exists()
    assert seeded.splitlines()[-1].startswith("  reservations: ")


def test_every_guest_who_came_had_a_room_and_no_room_is_double_booked(seeded):
    with schema_context("hotel_demo"):
        assignments = list(RoomAssignment.objects.select_related("stay__reservation"))
        by_stay = {a.stay_id: a for a in assignments}
        assert len(by_stay) == len(assignments)  # one room a stay, for all its nights
        for stay in Stay.objects.select_related("reservation"):
            status = stay.reservation.status
            held = by_stay.get(stay.pk)
            if status in (S.CHECKED_IN, S.CHECKED_OUT):
                assert held is not None, stay.reservation.code
                assert (held.start, held.end) == (stay.check_in, stay.check_out)
                assert (held.released_at is None) == (status == S.CHECKED_IN)
            if status in (S.CANCELLED, S.NO_SHOW):
                assert held is None
        occupying = Stay.objects.filter(reservation__status__in=OCCUPYING_STATUSES).count()
        assert len(assignments) > occupying * 2 / 3  # most stays have their room
        # not even a released room held two guests on one night
        nights = Counter(
            (a.room_id, a.start + timedelta(days=n))
            for a in assignments
            for n in range((a.end - a.start).days)
        )
        assert max(nights.values()) == 1


def test_prices_come_from_the_rates_in_the_database(seeded):
    with schema_context("hotel_demo"):
        rates = {
            (plan, rt, day): price
            for plan, rt, day, price in DailyRate.objects.values_list(
                "rate_plan_id", "room_type_id", "date", "price"
            )
        }
        for stay in Stay.objects.select_related("reservation").prefetch_related("extras"):
            nightly = [(date.fromisoformat(n["date"]), Decimal(n["price"])) for n in stay.nightly]
            assert [day for day, _ in nightly] == [
                stay.check_in + timedelta(days=n)
                for n in range((stay.check_out - stay.check_in).days)
            ]
            assert all(rates[(stay.rate_plan_id, stay.room_type_id, d)] == p for d, p in nightly)
            assert stay.total == stay.subtotal + stay.taxes
        for reservation in Reservation.objects.prefetch_related("stays"):
            assert reservation.total == sum(s.total for s in reservation.stays.all())
        # the welcome code took 10% off its bookings' rooms
        promo = Reservation.objects.filter(promo_code__code="WELCOME10").first()
        rooms = sum(Decimal(n["price"]) for s in promo.stays.all() for n in s.nightly)
        assert promo.discount == (rooms / 10).quantize(Decimal("0.01"))


def test_check_inventory_finds_no_drift_even_in_the_past_and_no_event_went_out(seeded):
    with schema_context("hotel_demo"):
        assert recount_inventory(start=TODAY - timedelta(days=200)).drifts == []
        assert OutboxEvent.objects.count() == 0  # history is not news
        checked_out = Reservation.objects.filter(status=S.CHECKED_OUT).first()
        steps = list(
            checked_out.events.order_by("id").values_list("action", "from_status", "to_status")
        )
        assert steps[0] == ("created", "", "confirmed") or steps[:2] == [
            ("created", "", "pending_payment"),
            ("status_changed", "pending_payment", "confirmed"),
        ]
        assert [s for s in steps if s[0] == "status_changed"][-2:] == [
            ("status_changed", "confirmed", "checked_in"),
            ("status_changed", "checked_in", "checked_out"),
        ]
        assert ("room_assigned", "", "") in steps
        assert steps[-1] == ("room_released", "", "")
        times = list(checked_out.events.order_by("id").values_list("created_at", flat=True))
        assert times == sorted(times)
        assert times[0] == checked_out.created_at <= NOW
        assert set(ReservationEvent.objects.values_list("actor_label", flat=True)) == {"seed_demo"}
    out = io.StringIO()
    call_command("check_inventory", "--schema", "hotel_demo", stdout=out)
    assert out.getvalue().splitlines()[-1] == ("1 hotel(s) checked, 0 with drift: 0 night(s)")


def test_the_same_seed_draws_the_same_year_and_a_second_run_writes_nothing(seeded):
    from innkeep.demo.year import SEED, demo_year

    with schema_context("hotel_demo"):
        before = list(Reservation.objects.values_list("code", "status", "total").order_by("code"))
        written_before = rows_written_in_this_transaction("hotel_demo")

    again = run()

    assert again.splitlines()[0] == "The demo hotel 'Demo Hotel' already exists; nothing changed."
    assert again.splitlines()[1:] == seeded.splitlines()[1:]
    with schema_context("hotel_demo"):
        assert rows_written_in_this_transaction("hotel_demo") == written_before
        after = list(Reservation.objects.values_list("code", "status", "total").order_by("code"))
        assert after == before
        # drawn again from the seed, on the hotel as it was before: the same year
        redrawn = drawn_before_the_year(lambda: demo_year(TODAY, random.Random(SEED)))
        assert drawn_before_the_year(lambda: demo_year(TODAY, random.Random(SEED))) == redrawn
        assert sorted(r.code for r in redrawn) == [code for code, _, _ in before]
