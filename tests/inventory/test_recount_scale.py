"""check_inventory on a hotel the size of the benchmark: 20 room types, two years of calendar,
50,000 reservations. The recount agrees with a count made independently in Python, finds
exactly the nights made to drift, and repairs them. How long it takes is a benchmark's
question, not a test's."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from innkeep.inventory.models import InventoryDay
from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties.models import Room, RoomType
from innkeep.reservations.models import OCCUPYING_STATUSES, Reservation, ReservationStatus, Stay
from innkeep.reservations.recount import Outcome, recount_inventory

NOW = datetime(2026, 5, 10, 10, 0, tzinfo=UTC)
TODAY = date(2026, 5, 10)
ROOM_TYPES, ROOMS, STAYS = 20, 20, 50_000


@pytest.fixture
def big_hotel(db, hotel_a, at):
    at(NOW)
    with schema_context(hotel_a.schema):
        room_types = RoomType.objects.bulk_create(
            RoomType(code=f"RT{n:02d}", name=f"Type {n}", sort_order=n) for n in range(ROOM_TYPES)
        )
        Room.objects.bulk_create(
            Room(number=f"{rt.code}-{n}", room_type=rt) for rt in room_types for n in range(ROOMS)
        )
        assert inventory_extend_horizon() == ROOM_TYPES * 731
        with connection.cursor() as cursor:
            # one stay per reservation; one in seven cancelled; 1-4 nights, spread over 725 days
            cursor.execute(
                """
                INSERT INTO reservations_reservation
                       (code, status, source, booker_first_name, booker_last_name, booker_email,
                        booker_phone, booker_company, currency, subtotal, taxes, total,
                        special_requests, discount, language, cancel_reason, created_at,
                        updated_at)
                SELECT 'S' || lpad(g::text, 7, '0'),
                       CASE WHEN g %% 7 = 0 THEN 'cancelled' ELSE 'confirmed' END,
                       'web', 'Ada', 'Guest', 'ada@guest.test', '', '', 'EUR', 100, 10, 110, '',
                       0, '', '', now(), now()
                  FROM generate_series(1, %(stays)s) AS g;
                INSERT INTO reservations_stay
                       (reservation_id, room_type_id, check_in, check_out, adults, children,
                        total, guest_first_name, guest_last_name, guest_email, guest_phone,
                        nightly, subtotal, taxes, rate_override_reason)
                SELECT r.id, (%(rt_ids)s::bigint[])[1 + g %% %(types)s],
                       %(today)s::date + (g / %(types)s) %% 725,
                       %(today)s::date + (g / %(types)s) %% 725 + 1 + g %% 4, 2, 0, 110,
                       '', '', '', '', '[]'::jsonb, 100, 10, ''
                  FROM generate_series(1, %(stays)s) AS g
                  JOIN reservations_reservation r ON r.code = 'S' || lpad(g::text, 7, '0');
                """,
                {
                    "stays": STAYS,
                    "types": ROOM_TYPES,
                    "rt_ids": [rt.pk for rt in room_types],
                    "today": TODAY,
                },
            )
        # the calendar as the booking flow would have left it, counted here in Python
        nights: Counter[tuple[int, date]] = Counter()
        for rt_id, check_in, check_out in Stay.objects.filter(
            reservation__status__in=OCCUPYING_STATUSES
        ).values_list("room_type_id", "check_in", "check_out"):
            for n in range((check_out - check_in).days):
                nights[(rt_id, check_in + timedelta(days=n))] += 1
        (ids, days), counts = zip(*nights.keys(), strict=True), list(nights.values())
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE inventory_inventoryday d SET sold = f.sold
                  FROM unnest(%s::bigint[], %s::date[], %s::int[]) AS f(rt, night, sold)
                 WHERE d.room_type_id = f.rt AND d.date = f.night
                """,
                [list(ids), list(days), counts],
            )
            assert cursor.rowcount == len(nights)
        yield room_types


def test_fifty_thousand_stays_recount_exactly(big_hotel):
    assert Stay.objects.count() == STAYS
    assert recount_inventory().drifts == []

    rt = big_hotel[7]
    InventoryDay.objects.filter(room_type=rt, date=TODAY + timedelta(days=100)).delete()
    cancelled = Stay.objects.filter(
        room_type=rt, reservation__status=ReservationStatus.CANCELLED
    ).first()
    Reservation.objects.filter(pk=cancelled.reservation_id).update(
        status=ReservationStatus.CHECKED_IN
    )
    off = InventoryDay.objects.get(room_type=big_hotel[0], date=TODAY + timedelta(days=500))
    InventoryDay.objects.filter(pk=off.pk).update(sold=off.sold + 1)
    reinstated = [
        cancelled.check_in + timedelta(days=n)
        for n in range((cancelled.check_out - cancelled.check_in).days)
    ]

    result = recount_inventory()

    assert sorted((d.room_type_code, d.date, d.kind) for d in result.drifts) == sorted(
        [
            ("RT07", TODAY + timedelta(days=100), "missing"),
            ("RT00", TODAY + timedelta(days=500), "sold"),
            *[("RT07", night, "sold") for night in reinstated if night != TODAY + timedelta(100)],
        ]
    )

    result = recount_inventory(fix=True)

    assert {d.outcome for d in result.drifts} == {Outcome.FIXED, Outcome.CREATED}
    assert recount_inventory().drifts == []
